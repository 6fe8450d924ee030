"""What Tally's accountants keyed in, as read back: receipts and credit notes (each applied once), and each
party's outstanding bills (the last pull's picture)."""

from odoo import Command, api, fields, models

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
    clearing_move_ids = fields.Many2many(
        "account.move",
        string="Clearing Entries",
        readonly=True,
        copy=False,
        help="A credit note keyed in Tally clears the invoice's receivable against the clearing account.",
    )

    _sql_constraints = [
        ("guid_unique", "unique(company_id, guid)", "A Tally voucher is read back once per company."),
    ]

    def action_oms_pull_now(self):
        """Pull from Tally now (Finance's button on the list), as the scheduled action does."""
        self.env["oms.tally.config"]._oms_pull_company(self.env.company)
        return True

    def _oms_apply(self, settlements_by_guid):
        """Apply what Tally settled to the open invoices of the customer that its bill references ("Agst Ref")
        name: a receipt becomes an Odoo payment, a credit note a clearing entry (when the settings name a
        clearing account), each reconciled with its invoice; what matches no open invoice stays unmatched.

        A credit note keyed in Tally is Tally's tax document (its number, its IRN, its place in the GST
        return): Odoo does not issue a second credit note for it, which would credit the customer and
        reverse the GST twice. It only clears the invoice's receivable against the clearing account, so
        Odoo's receivables agree with Tally's."""
        invoices = self._oms_invoices_named(settlements_by_guid)
        payment_values, payment_matches, entry_values, entry_matches, configs = [], [], [], [], {}
        for record in self.filtered("partner_id"):
            if record.company_id not in configs:
                configs[record.company_id] = self.env["oms.tally.config"]._oms_for_company(record.company_id)
            config = configs[record.company_id]
            is_receipt = record.voucher_type == config.receipt_voucher_type
            if not is_receipt and not config.credit_note_account_id:
                continue
            remaining = money(record.amount)
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
                label = self.env._(
                    "Tally %(type)s %(number)s for %(invoice)s",
                    type=record.voucher_type,
                    number=record.number,
                    invoice=invoice.name,
                )
                if is_receipt:
                    payment_matches.append((record, invoice))
                    payment_values.append(record._oms_payment_values(config, amount, label))
                else:
                    entry_matches.append((record, invoice))
                    entry_values.append(record._oms_clearing_values(config, invoice, amount, label))
            record.unmatched_amount = float(remaining)
        # sudo: Finance records what Tally settled; payments and journal entries are accounting's records.
        payments = self.env["account.payment"].sudo().create(payment_values)
        payments.action_post()
        for payment, (record, invoice) in zip(payments, payment_matches, strict=True):
            _reconcile_with(invoice, payment.move_id)
            record.payment_ids |= payment
        entries = self.env["account.move"].sudo().create(entry_values)
        entries.action_post()
        for entry, (record, invoice) in zip(entries, entry_matches, strict=True):
            _reconcile_with(invoice, entry)
            record.clearing_move_ids |= entry
        for record in self:
            if record.payment_ids or record.clearing_move_ids:
                record.state = "applied" if not record.unmatched_amount else "partial"

    def _oms_invoices_named(self, settlements_by_guid):
        """{number: posted customer invoice} of the bill references the settlements name."""
        names = {
            bill.name
            for record in self
            for bill in settlements_by_guid[record.guid].bills
            if bill.kind == "Agst Ref" and bill.name
        }
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("name", "in", list(names)),
                ]
            )
        )
        return {invoice.name: invoice for invoice in invoices}

    def _oms_payment_values(self, config, amount, label):
        return {
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": self.partner_id.id,
            "amount": float(amount),
            "date": self.date or fields.Date.context_today(self),
            "journal_id": config._oms_receipts_journal().id,
            "company_id": self.company_id.id,
            "memo": label,
        }

    def _oms_clearing_values(self, config, invoice, amount, label):
        receivable = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")[:1]
        common = {"partner_id": self.partner_id.id, "name": label}
        return {
            "move_type": "entry",
            "journal_id": config._oms_clearing_journal().id,
            "company_id": self.company_id.id,
            "date": self.date or fields.Date.context_today(self),
            "ref": label,
            "line_ids": [
                Command.create({**common, "account_id": receivable.account_id.id, "credit": float(amount)}),
                Command.create(
                    {**common, "account_id": config.credit_note_account_id.id, "debit": float(amount)}
                ),
            ],
        }

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
                        "Changed in Tally after Odoo applied it (now %(amount)s%(cancelled)s): check its "
                        "payments and clearing entries, which Odoo leaves as they are.",
                        amount=settlement.amount,
                        cancelled=self.env._(", cancelled") if settlement.cancelled else "",
                    )
                )
            self.write(keep)
            return
        self.write(values)
        if self.state in ("unmatched", "credit_note"):
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


def _reconcile_with(invoice, move):
    """Reconcile ``move``'s receivable line with ``invoice``'s (same account, not yet reconciled)."""
    receivable = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
    (move.line_ids | receivable).filtered(
        lambda line, account=receivable.account_id: line.account_id == account and not line.reconciled
    ).reconcile()
