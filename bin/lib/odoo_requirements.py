"""Print Odoo's own Python requirements, resolved for this interpreter.

Odoo 18 pins Ubuntu Jammy's versions for Python < 3.12, several of which no longer build from source
on Python 3.11 (cbor2, gevent, psycopg2's old releases). The pins Odoo chose for Python 3.12 (Ubuntu
Noble) ship wheels for 3.10-3.12 as well, so on any supported Python we evaluate Odoo's markers as if
the interpreter were 3.12. python-ldap is left out: it needs LDAP headers and only auth_ldap uses it.
"""

import sys

from packaging.requirements import Requirement

NOBLE_ENVIRONMENT = {"python_version": "3.12", "python_full_version": "3.12.0", "sys_platform": "linux"}
LEFT_OUT = {"python-ldap"}


def resolved_requirements(path):
    """Yield Odoo's requirement lines whose markers hold on Python 3.12, without the markers."""
    with open(path, encoding="utf-8") as requirements:
        for raw_line in requirements:
            line = raw_line.split("#", 1)[0].strip()
            if not line:
                continue
            requirement = Requirement(line)
            if requirement.name.lower() in LEFT_OUT:
                continue
            if requirement.marker and not requirement.marker.evaluate(NOBLE_ENVIRONMENT):
                continue
            requirement.marker = None
            yield str(requirement)


if __name__ == "__main__":
    print("\n".join(resolved_requirements(sys.argv[1])))
