"""18.0.1.1.0: an e-way bill is a document whose generation is a NIC job like its other requests.

Up to 1.0 the bill record was its own generation job (its columns ``state``, ``attempts``, ``last_error``,
``next_attempt_at``, ``done_at`` and ``payload``). Each bill now gets that job as its first
``oms.eway.bill.operation`` ("generate"), with the same state, attempts, error and request, so a bill still
waiting to be generated is sent by the operations' cron, once, and a sent one shows how it went. A bill whose
generation had failed for good is Refused: its consignment may get a new bill. Numbers, validity, the other
operations and the deliveries' links are not touched.
"""

from odoo import SUPERUSER_ID, api

OLD_JOB_COLUMNS = ("state", "attempts", "last_error", "next_attempt_at", "done_at", "payload")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'oms_eway_bill' "
        "AND column_name IN %s",
        [OLD_JOB_COLUMNS],
    )
    if len(cr.fetchall()) < len(OLD_JOB_COLUMNS):
        return  # a database made after the change: nothing to carry over
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        """SELECT id, company_id, state, attempts, last_error, next_attempt_at, done_at, payload, oms_ewb_status
             FROM oms_eway_bill
            WHERE oms_generation_id IS NULL
         ORDER BY id"""
    )
    Operation = env["oms.eway.bill.operation"]
    for bill_id, company_id, state, attempts, error, next_at, done_at, payload, status in cr.fetchall():
        operation = Operation.create(
            {
                "eway_bill_id": bill_id,
                "company_id": company_id,
                "operation": "generate",
                "params": payload or "{}",
                "state": state or "done",
                "attempts": attempts or 0,
                "last_error": error,
                "next_attempt_at": next_at,
                "done_at": done_at,
            }
        )
        cr.execute("UPDATE oms_eway_bill SET oms_generation_id = %s WHERE id = %s", [operation.id, bill_id])
        if state == "failed" and status == "to_generate":
            cr.execute("UPDATE oms_eway_bill SET oms_ewb_status = 'refused' WHERE id = %s", [bill_id])
    env["oms.eway.bill"].invalidate_model()
