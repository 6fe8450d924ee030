"""Offline mode: the XML the bridge would send, as a file for Tally's Import > Transactions."""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..oms_tally.envelope import build_import_envelope, serialize
from ..oms_tally.vouchers import build_voucher


class OmsTallyExportWizard(models.TransientModel):
    _name = "oms.tally.export.wizard"
    _description = "Export Tally XML"

    mode = fields.Selection(
        [("documents", "Selected documents"), ("dates", "Date range")], required=True, default="documents"
    )
    sale_order_ids = fields.Many2many("sale.order", string="Orders", domain=[("state", "=", "sale")])
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        domain=[("state", "=", "posted"), ("move_type", "in", ["out_invoice", "out_refund"])],
    )
    date_from = fields.Date()
    date_to = fields.Date()
    include_orders = fields.Boolean(default=True)
    include_invoices = fields.Boolean(default=True)
    attachment_id = fields.Many2one("ir.attachment", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model, ids = self.env.context.get("active_model"), self.env.context.get("active_ids") or []
        if model == "sale.order":
            values["sale_order_ids"] = [fields.Command.set(ids)]
        elif model == "account.move":
            values["move_ids"] = [fields.Command.set(ids)]
        return values

    def _oms_documents(self):
        self.ensure_one()
        if self.mode == "documents":
            return self.sale_order_ids.filtered(lambda o: o.state == "sale"), self.move_ids.filtered(
                lambda m: m.state == "posted" and m.move_type in ("out_invoice", "out_refund")
            )
        if not (self.date_from and self.date_to) or self.date_from > self.date_to:
            raise UserError(self.env._("Enter a date range whose start is not after its end."))
        company = [("company_id", "=", self.env.company.id)]
        orders = self.env["sale.order"].browse()
        moves = self.env["account.move"].browse()
        if self.include_orders:
            orders = self.env["sale.order"].search(
                [
                    *company,
                    ("state", "=", "sale"),
                    ("date_order", ">=", self.date_from),
                    ("date_order", "<", fields.Date.add(self.date_to, days=1)),
                ]
            )
        if self.include_invoices:
            moves = self.env["account.move"].search(
                [
                    *company,
                    ("state", "=", "posted"),
                    ("move_type", "in", ["out_invoice", "out_refund"]),
                    ("invoice_date", ">=", self.date_from),
                    ("invoice_date", "<=", self.date_to),
                ]
            )
        return orders, moves

    def _oms_export_documents(self):
        """The documents to export, orders before invoices; purchase add-ons append theirs."""
        orders, moves = self._oms_documents()
        return [*orders, *moves]

    def _oms_xml(self):
        """One Import Data envelope: every master once, then every voucher (each balance-checked)."""
        documents = self._oms_export_documents()
        if not documents:
            raise UserError(
                self.env._(
                    "Nothing to export: choose confirmed orders or posted customer invoices or credit notes."
                )
            )
        settings = self.env["oms.tally.config"]._oms_for_company(self.env.company)
        config = settings._oms_core_config()
        masters, vouchers = {}, []
        for document in documents:
            try:
                for element in document._oms_tally_master_elements(config, settings):
                    masters.setdefault((element.tag, element.get("NAME")), element)
                vouchers.append(build_voucher(document._oms_tally_voucher(config), config))
            except ValueError as error:
                raise UserError(
                    self.env._(
                        "%(document)s cannot be exported: %(error)s",
                        document=document.display_name,
                        error=error,
                    )
                ) from None
        envelope = build_import_envelope(config.company_name, "Vouchers", [*masters.values(), *vouchers])
        return serialize(envelope, config.encoding)

    def action_export(self):
        self.ensure_one()
        content = self._oms_xml()
        self.attachment_id = self.env["ir.attachment"].create(
            {
                "name": f"tally-export-{fields.Date.context_today(self)}.xml",
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/xml",
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{self.attachment_id.id}?download=true"}
