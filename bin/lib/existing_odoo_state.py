"""Run inside ``odoo shell`` on a database with plain Odoo (the modules the suite needs, not the suite):
make the business of existing_odoo_common.make_business and print ``EXISTING {json}``: the records' ids and
their fingerprint."""

import json
import os
import pathlib

# odoo shell reads this script from its input: the shared part is read from the path the tier gives.
exec(pathlib.Path(os.environ["OMS_EXISTING_COMMON"]).read_text())

env = env(user=env.ref("base.user_admin"), context=dict(env.context, tracking_disable=True))  # noqa: F821
records = make_business(env, "before")  # noqa: F821 - from existing_odoo_common
ids = {name: record.id for name, record in records.items()}
env.cr.commit()
print("EXISTING " + json.dumps({"ids": ids, "fingerprint": fingerprint(env, ids)}))  # noqa: F821
