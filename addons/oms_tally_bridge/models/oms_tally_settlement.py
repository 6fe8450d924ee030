"""What Tally's accountants keyed in, as read back: receipts and credit notes (each applied once), and each
party's outstanding bills (the last pull's picture)."""

from odoo import api, fields, models

from ..oms_tally.xmlutil import money

SETTLED_STATES = ("applied", "partial", "changed")

SETTLEMENT_STATES = [
    ("applied", "Applied"),
    ("partial", "Partly Matched"),
    ("unmatched", "Not Matched"),
    ("credit_note", "Credit Note in Tally"),
    ("cancelled", "Cancelled in Tally"),
    ("changed", "Changed in Tally after Applied"),
]


class OmsTallySettlement(models.Model):
    _name = "oms.tally.settlement"
    _inherit = ["mail.thread"]
    _description = "Tally Receipt or Credit Note"
    _order = "date desc, id desc"
    _rec_name = "number"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    guid = fields.Char(string="Tally GUID", required=True, readonly=True)
    alter_id = fields.Integer(string="Tally AlterID", readonly=True)
    voucher_type = fields.Char(readonly=True)
    number = fields.Char(readonly=True)
    date = fields.Date(readonly=True)
    party_ledger = fields.Char(string="Tally Party", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(readonly=True)
    unmatched_amount = fields.Monetary(
        readonly=True, help="The part no open Odoo invoice of the customer matched, by bill reference."
    )
    bills = fields.Text(string="Bill Allocations", readonly=True)
    # Not tracked: a pull records thousands, and tracking would hold each one in memory until the commit; the
    # one change that matters after recording (changed in Tally) is posted in the chatter.
    state = fields.Selection(SETTLEMENT_STATES, readonly=True, index=True)
    payment_ids = fields.Many2many("account.payment", string="Payments", readonly=True, copy=False)

    _sql_constraints = [
        ("guid_unique", "unique(company_id, guid)", "A Tally voucher is read back once per company."),
    ]

    def action_oms_pull_now(self):
        """Pull from Tally now (Finance's button on the list), as the scheduled action does."""
        self.env["oms.tally.config"]._oms_pull_company(self.env.company)
        return True

    def _oms_apply(self, settlements_by_guid):
        """Make the receipts Odoo payments, each reconciled with the open invoice of the customer that a bill
        reference ("Agst Ref") names; what matches no open invoice stays as the unmatched amount."""
        Move = self.env["account.move"].sudo()
        names = {
            bill.name
            for record in self
            for bill in settlements_by_guid[record.guid].bills
            if bill.kind == "Agst Ref" and bill.name
        }
        invoices = {
            invoice.name: invoice
            for invoice in Move.search(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("name", "in", list(names)),
                ]
            )
        }
        payment_values, matches, journals = [], [], {}
        for record in self.filtered("partner_id"):
            remaining = money(record.amount)
            if record.company_id not in journals:
                config = self.env["oms.tally.config"]._oms_for_company(record.company_id)
                journals[record.company_id] = config._oms_receipts_journal()
            journal = journals[record.company_id]
            for bill in settlements_by_guid[record.guid].bills:
                invoice = invoices.get(bill.name)
                if (
                    bill.kind != "Agst Ref"
                    or not invoice
                    or invoice.commercial_partner_id != record.partner_id
                ):
                    continue
                amount = min(money(bill.amount), money(invoice.amount_residual), remaining)
                if amount <= 0:
                    continue
                remaining -= amount
                matches.append((record, invoice))
                payment_values.append(
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": record.partner_id.id,
                        "amount": float(amount),
                        "date": record.date or fields.Date.context_today(self),
                        "journal_id": journal.id,
                        "company_id": record.company_id.id,
                        "memo": self.env._(
                            "Tally %(type)s %(number)s for %(invoice)s",
                            type=record.voucher_type,
                            number=record.number,
                            invoice=invoice.name,
                        ),
                    }
                )
            record.unmatched_amount = float(remaining)
        # sudo: Finance records Tally's receipts; payments are accounting's records.
        payments = self.env["account.payment"].sudo().create(payment_values)
        payments.action_post()
        for payment, (record, invoice) in zip(payments, matches, strict=True):
            receivable = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
            (payment.move_id.line_ids | receivable).filtered(
                lambda line, account=receivable.account_id: line.account_id == account and not line.reconciled
            ).reconcile()
            record.payment_ids |= payment
        for record in self:
            if record.payment_ids:
                record.state = "applied" if not record.unmatched_amount else "partial"

    def _oms_update_from_tally(self, settlement, partner):
        """The accountant changed (or cancelled) the voucher in Tally since it was read."""
        self.ensure_one()
        values = (
            self.env["oms.tally.config"]
            ._oms_for_company(self.company_id)
            ._oms_settlement_values(settlement, partner)
        )
        differs = (
            money(settlement.amount) != money(self.amount)
            or values["bills"] != (self.bills or "")
            or (settlement.cancelled and self.state != "cancelled")
        )
        if self.state in SETTLED_STATES:
            # Its payments stand: applying the voucher again would count the money twice.
            keep = {"alter_id": settlement.alter_id}
            if differs:
                keep.update(amount=values["amount"], bills=values["bills"], state="changed")
                self.message_post(
                    body=self.env._(
                        "Changed in Tally after its payments were made in Odoo (now %(amount)s%(cancelled)s): "
                        "check the payments.",
                        amount=settlement.amount,
                        cancelled=self.env._(", cancelled") if settlement.cancelled else "",
                    )
                )
            self.write(keep)
            return
        self.write(values)
        if self.state == "unmatched":
            self._oms_apply({self.guid: settlement})


class OmsTallyOutstanding(models.Model):
    _name = "oms.tally.outstanding"
    _description = "Tally Outstanding Bill"
    _order = "partner_id, due_date, id"
    _rec_name = "name"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    party_ledger = fields.Char(string="Tally Party", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index=True)
    name = fields.Char(string="Bill", required=True, readonly=True)
    move_id = fields.Many2one("account.move", string="Odoo Invoice", readonly=True)
    bill_date = fields.Date(readonly=True)
    due_date = fields.Date(readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(string="Outstanding", readonly=True)
    days_overdue = fields.Integer(compute="_compute_days_overdue")

    _sql_constraints = [
        ("bill_unique", "unique(company_id, party_ledger, name)", "A Tally bill is listed once per party."),
    ]

    @api.model
    def _oms_replace_from_tally(self, config, bills):
        """Replace the company's picture of Tally's open bills with ``bills`` (streamed), writing only what
        changed; return how many rows were created, changed or removed."""
        # sudo: the picture is Finance's, refreshed whoever pulls (the scheduled action included).
        company = config.company_id
        existing = {
            (row.party_ledger, row.name): row for row in self.sudo().search([("company_id", "=", company.id)])
        }
        seen, new, changes = set(), [], 0
        for bill in bills:
            key = (bill.party_ledger, bill.name)
            seen.add(key)
            row = existing.get(key)
            values = {"amount": float(bill.amount), "bill_date": bill.bill_date, "due_date": bill.due_date}
            if row is None:
                new.append(
                    {"company_id": company.id, "party_ledger": bill.party_ledger, "name": bill.name, **values}
                )
            elif (money(row.amount), row.bill_date, row.due_date) != (
                money(bill.amount),
                bill.bill_date,
                bill.due_date,
            ):
                row.write(values)
                changes += 1
        if new:
            partners = config._oms_partners_by_ledger({values["party_ledger"] for values in new})
            invoices = {
                move.name: move
                for move in self.env["account.move"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("move_type", "=", "out_invoice"),
                        ("name", "in", [values["name"] for values in new]),
                    ]
                )
            }
            for values in new:
                partner = partners.get(values["party_ledger"])
                values["partner_id"] = partner.id if partner else False
                values["move_id"] = invoices[values["name"]].id if values["name"] in invoices else False
            self.sudo().create(new)
        gone = [row for key, row in existing.items() if key not in seen]
        if gone:
            self.sudo().browse([row.id for row in gone]).unlink()
        return len(new) + changes + len(gone)

    @api.depends("due_date")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for bill in self:
            bill.days_overdue = max((today - bill.due_date).days, 0) if bill.due_date else 0
