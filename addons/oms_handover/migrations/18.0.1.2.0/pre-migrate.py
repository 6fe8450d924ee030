"""18.0.1.2.0 makes the pipeline each company's own (issue 14): built-in stages are marked, with their
board column and customer status; a rule shared by every company (no company) becomes one copy per
company that had no rule of its own for that move, so no company loses a move or gains one.

Runs before the new schema is loaded: plain SQL on the tables as the previous release left them."""

from odoo.addons.oms_handover.oms_pipeline.stages import DEFAULT_VIEWS

RULE_COLUMNS = "from_stage_id, to_stage_id, from_sequence, to_sequence, guard_names, active, note"


def migrate(cr, version):
    if not version:
        return
    # A stage code was a fixed selection; it is now text a consultant types for a custom stage. The old
    # selection values would be deleted at the end of the upgrade through the field, which is no longer a
    # selection: drop them here.
    cr.execute(
        """SELECT selection.id FROM ir_model_fields_selection selection
             JOIN ir_model_fields field ON field.id = selection.field_id
            WHERE (field.model = 'oms.stage' AND field.name = 'code')
               OR (field.model = 'sale.order' AND field.name = 'oms_stage_code')"""
    )
    selection_ids = tuple(row[0] for row in cr.fetchall())
    if selection_ids:
        cr.execute(
            "DELETE FROM ir_model_data WHERE model = 'ir.model.fields.selection' AND res_id IN %s",
            [selection_ids],
        )
        cr.execute("DELETE FROM ir_model_fields_selection WHERE id IN %s", [selection_ids])
    # The built-in stages are every company's (company empty). Made here, before Odoo adds the column and
    # fills existing rows with the field's default (the current company) as it does for a new column.
    cr.execute(
        """ALTER TABLE oms_stage ADD COLUMN IF NOT EXISTS company_id int4,
                                 ADD COLUMN IF NOT EXISTS builtin boolean,
                                 ADD COLUMN IF NOT EXISTS board_column varchar,
                                 ADD COLUMN IF NOT EXISTS customer_status varchar"""
    )
    for code, (column, status) in DEFAULT_VIEWS.items():
        cr.execute(
            "UPDATE oms_stage SET builtin = TRUE, board_column = %s, customer_status = %s WHERE code = %s",
            [column, status, code],
        )
    # A code was unique among all stages; it is now unique per company (a custom stage is a company's).
    cr.execute("ALTER TABLE oms_stage DROP CONSTRAINT IF EXISTS oms_stage_code_unique")
    cr.execute("ALTER TABLE oms_transition_rule ADD COLUMN IF NOT EXISTS is_default boolean")
    # The rules the install made (each has an xml id) are the pipeline's defaults.
    cr.execute(
        """UPDATE oms_transition_rule SET is_default = TRUE
            WHERE id IN (SELECT res_id FROM ir_model_data
                          WHERE module = 'oms_handover' AND model = 'oms.transition.rule')"""
    )
    cr.execute("SELECT id FROM res_company")
    company_ids = [row[0] for row in cr.fetchall()]
    cr.execute(f"SELECT id, {RULE_COLUMNS}, is_default FROM oms_transition_rule WHERE company_id IS NULL")
    shared = cr.fetchall()
    for rule in shared:
        rule_id, from_stage, to_stage = rule[0], rule[1], rule[2]
        for company_id in company_ids:
            cr.execute(
                "SELECT 1 FROM oms_transition_rule WHERE company_id = %s AND from_stage_id = %s AND to_stage_id = %s",
                [company_id, from_stage, to_stage],
            )
            if cr.fetchone():
                continue  # the company's own rule already replaced the shared one
            cr.execute(
                f"""INSERT INTO oms_transition_rule ({RULE_COLUMNS}, is_default, company_id,
                                                    create_uid, create_date, write_uid, write_date)
                    SELECT {RULE_COLUMNS}, is_default, %s, create_uid, create_date, write_uid, now() at time zone 'UTC'
                      FROM oms_transition_rule WHERE id = %s
                 RETURNING id""",
                [company_id, rule_id],
            )
            copy_id = cr.fetchone()[0]
            cr.execute(
                """INSERT INTO oms_transition_rule_res_groups_rel (oms_transition_rule_id, res_groups_id)
                   SELECT %s, res_groups_id FROM oms_transition_rule_res_groups_rel
                    WHERE oms_transition_rule_id = %s""",
                [copy_id, rule_id],
            )
    if shared:
        ids = tuple(rule[0] for rule in shared)
        cr.execute("DELETE FROM ir_model_data WHERE model = 'oms.transition.rule' AND res_id IN %s", [ids])
        cr.execute("DELETE FROM oms_transition_rule WHERE id IN %s", [ids])
