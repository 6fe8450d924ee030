"""Reading back from Tally, on a schedule and on demand: receipts and credit notes keyed in Tally, and every
party's outstanding bills.

- Incremental: only vouchers created or altered since the last pull (Tally's AlterID, kept per company).
- Idempotent: a voucher is recorded once (its GUID); pulled again unchanged, nothing is written. A receipt
  becomes Odoo payments, reconciled with the open invoices its bill references name, once; if the
  accountant changes or cancels it in Tally afterwards, it is flagged for Finance, never applied twice.
- Outstanding bills replace the last picture row by row: unchanged rows are not written.
- Vouchers Odoo itself sent (its remote ids) are skipped: they are Odoo's documents already.
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..oms_tally import TallyError
from ..oms_tally.pull import Settlement

_logger = logging.getLogger(__name__)

BATCH_SIZE = 500
FINANCE_GROUPS = ("oms_handover.group_oms_finance", "account.group_account_manager", "base.group_system")


class OmsTallyConfig(models.Model):
    _inherit = "oms.tally.config"

    pull_enabled = fields.Boolean(
        string="Read Back Receipts and Bills",
        default=True,
        help="Read the receipts, credit notes and outstanding bills the accountants keep in Tally.",
    )
    receipt_voucher_type = fields.Char(required=True, default="Receipt")
    receipt_journal_id = fields.Many2one(
        "account.journal",
        string="Receipts Journal",
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        help="Journal of the payments made from Tally's receipts (the company's first bank journal if empty).",
    )
    credit_note_account_id = fields.Many2one(
        "account.account",
        string="Clearing Account for Tally Credit Notes",
        domain="[('account_type', 'not in', ('asset_receivable', 'liability_payable'))]",
        help="A credit note keyed in Tally is Tally's tax document. With an account here, Odoo clears the credited "
        "invoice's receivable against it (no second credit note, no GST reversed twice); without one, the credit "
        "note is only listed and counted in Tally's outstanding.",
    )
    settlement_alter_id = fields.Integer(
        string="Last AlterID Read",
        readonly=True,
        copy=False,
        help="Tally's AlterID of the last voucher read.",
    )
    last_pull_at = fields.Datetime(readonly=True, copy=False)
    last_pull_status = fields.Char(readonly=True, copy=False)
    credit_source = fields.Selection(related="company_id.oms_credit_source", readonly=False)

    @api.model
    def _cron_oms_pull(self):
        # sudo: the scheduled action reads the admin-only settings of every company.
        for config in self.sudo().search([("pull_enabled", "=", True), ("active", "=", True)]):
            try:
                config._oms_pull(commit=True)
            except UserError as error:
                _logger.warning("Tally read-back for %s failed: %s", config.company_id.name, error)

    @api.model
    def _oms_pull_company(self, company):
        """Pull for ``company`` now, for Finance (who may not read the admin-only settings)."""
        if not any(self.env.user.has_group(group) for group in FINANCE_GROUPS):
            raise AccessError(self.env._("Only Finance may read receipts and bills back from Tally."))
        config = self._oms_for_company(company)  # sudo inside: read-only use of the settings
        return config._oms_pull(commit=False)

    def action_oms_pull_now(self):
        self.ensure_one()
        counts = self._oms_pull(commit=False)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"title": self.env._("Tally Prime"), "message": counts, "type": "success"},
        }

    def _oms_pull(self, commit=False):
        """Read what changed in Tally and record it; return a summary line. ``commit`` (the scheduled
        action) keeps each batch as it is recorded, so a pull cut short resumes where it stopped."""
        self.ensure_one()
        client = self._oms_client()
        prefix = self.env["oms.tally.mapper"]._oms_remote_id_prefix()
        types = [self.receipt_voucher_type, self.credit_note_voucher_type]
        counts = {"new": 0, "changed": 0, "bills": 0}
        try:
            batch, highest = [], self.settlement_alter_id
            for settlement in client.pull_settlements(self.company_name, types, self.settlement_alter_id):
                highest = max(highest, settlement.alter_id)
                if not settlement.remote_id.startswith(prefix):
                    batch.append(settlement)
                if len(batch) >= BATCH_SIZE:
                    self._oms_record_settlements(batch, highest, counts)
                    batch = []
                    if commit:
                        self.env.cr.commit()  # pylint: disable=invalid-commit
                    # Written: forget the batch's records, so memory stays flat over a pull of any size.
                    self.env.invalidate_all()
            self._oms_record_settlements(batch, highest, counts)
            counts["bills"] = self.env["oms.tally.outstanding"]._oms_replace_from_tally(
                self, client.pull_outstanding_bills(self.company_name)
            )
        except TallyError as error:
            self.sudo().write({"last_pull_status": str(error)[:250], "last_pull_at": fields.Datetime.now()})
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            raise UserError(self.env._("Could not read back from Tally: %(error)s", error=error)) from None
        summary = self.env._(
            "%(new)s receipt(s) or credit note(s) read, %(changed)s changed in Tally, %(bills)s outstanding "
            "bill(s) updated.",
            **counts,
        )
        self.sudo().write({"last_pull_status": summary, "last_pull_at": fields.Datetime.now()})
        return summary

    def _oms_record_settlements(self, settlements: list[Settlement], highest: int, counts: dict):
        # sudo: what Tally holds is recorded for Finance whoever pulls (the scheduled action included).
        # No "created" message or creation tracking per receipt: a first pull of an old Tally company brings tens
        # of thousands, and tracking keeps each one in memory until the transaction ends.
        Settlement_ = (
            self.env["oms.tally.settlement"]
            .sudo()
            .with_context(mail_create_nolog=True, tracking_disable=True)
        )
        if settlements:
            known = {
                record.guid: record
                for record in Settlement_.search(
                    [("company_id", "=", self.company_id.id), ("guid", "in", [s.guid for s in settlements])]
                )
            }
            partners = self._oms_partners_by_ledger({s.party_ledger for s in settlements})
            new = [s for s in settlements if s.guid not in known]
            for settlement in settlements:
                record = known.get(settlement.guid)
                if record and record.alter_id < settlement.alter_id:
                    record._oms_update_from_tally(settlement, partners.get(settlement.party_ledger))
                    counts["changed"] += 1
            if new:
                records = Settlement_.create(
                    [self._oms_settlement_values(s, partners.get(s.party_ledger)) for s in new]
                )
                records.filtered(lambda record: record.state in ("unmatched", "credit_note"))._oms_apply(
                    {s.guid: s for s in new}
                )
                counts["new"] += len(new)
        if highest > self.settlement_alter_id:
            self.sudo().settlement_alter_id = highest

    def _oms_settlement_values(self, settlement, partner):
        state = "unmatched"
        if settlement.cancelled:
            state = "cancelled"
        elif settlement.voucher_type != self.receipt_voucher_type:
            state = "credit_note"
        return {
            "company_id": self.company_id.id,
            "guid": settlement.guid,
            "alter_id": settlement.alter_id,
            "voucher_type": settlement.voucher_type,
            "number": settlement.number,
            "date": settlement.date,
            "party_ledger": settlement.party_ledger,
            "partner_id": partner.id if partner else False,
            "amount": float(settlement.amount),
            # Only a receipt has money to match with invoices; a credit note or a cancelled voucher has none.
            "unmatched_amount": float(settlement.amount) if state == "unmatched" else 0.0,
            "bills": "\n".join(f"{bill.kind} {bill.name}: {bill.amount}" for bill in settlement.bills),
            "state": state,
        }

    def _oms_partners_by_ledger(self, ledger_names):
        """{Tally party ledger: customer}: the bridge names a party ledger after the commercial partner."""
        names = [name for name in ledger_names if name]
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("name", "in", names),
                    ("parent_id", "=", False),
                    ("company_id", "in", (False, self.company_id.id)),
                ]
            )
        )
        by_name = {}
        for partner in partners:
            # Two customers of the same name cannot be told apart by the ledger: match neither.
            by_name[partner.name] = None if partner.name in by_name else partner
        return {name: partner for name, partner in by_name.items() if partner}

    def _oms_clearing_journal(self):
        journal = (
            self.env["account.journal"]
            .sudo()
            .search([("type", "=", "general"), ("company_id", "=", self.company_id.id)], limit=1)
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no miscellaneous journal for Tally's credit notes.",
                    company=self.company_id.name,
                )
            )
        return journal

    def _oms_receipts_journal(self):
        journal = self.receipt_journal_id or self.env["account.journal"].sudo().search(
            [("type", "=", "bank"), ("company_id", "=", self.company_id.id)], limit=1
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no bank journal for Tally's receipts.", company=self.company_id.name
                )
            )
        return journal
