"""18.0.1.2.0 (at the end of the upgrade, once every add-on registered its checks): a rule's checks were free text (``guard_names``, comma-separated); they become records of
the check registry. A name no add-on registers is kept in the rule's note, so nothing is silently lost,
and the rule is archived rather than left without a check it asked for."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'oms_transition_rule' AND column_name = 'guard_names'"
    )
    if not cr.fetchone():
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Check = env["oms.check"]
    cr.execute("SELECT id, guard_names FROM oms_transition_rule WHERE coalesce(guard_names, '') != ''")
    for rule_id, guard_names in cr.fetchall():
        codes = [name.strip() for name in guard_names.split(",") if name.strip()]
        checks = Check.search([("code", "in", codes)])
        rule = env["oms.transition.rule"].with_context(active_test=False).browse(rule_id)
        unknown = sorted(set(codes) - set(checks.mapped("code")))
        values = {"check_ids": [(6, 0, checks.ids)]}
        if unknown:
            values["note"] = (
                f"{rule.note or ''} [unregistered checks at upgrade: {', '.join(unknown)}]".strip()
            )
            values["active"] = False
            _logger.warning("Rule %s archived: its checks %s are not registered", rule_id, unknown)
        rule.write(values)
    cr.execute("ALTER TABLE oms_transition_rule DROP COLUMN guard_names")
