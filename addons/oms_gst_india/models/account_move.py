import base64
import io
from datetime import timedelta

import qrcode

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.sql import create_index

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_FINANCE

from ..oms_gst.hsn import HsnError, check_hsn

IRN_CANCEL_WINDOW = timedelta(hours=24)


def _qr_png(text):
    """PNG of a QR code, with the qrcode library Odoo requires (reportlab's PNG renderer is an optional
    system package, missing on some installs)."""
    image = qrcode.make(text, error_correction=qrcode.constants.ERROR_CORRECT_L, box_size=3, border=2)
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()


class AccountMove(models.Model):
    _inherit = "account.move"

    oms_irn = fields.Char(string="IRN", readonly=True, copy=False, tracking=True)
    oms_irn_ack_no = fields.Char(string="IRN Ack. No.", readonly=True, copy=False)
    oms_irn_ack_date = fields.Datetime(string="IRN Ack. Date", readonly=True, copy=False)
    oms_einvoice_state = fields.Selection(
        [("to_send", "To Send"), ("sent", "Sent"), ("error", "Error"), ("cancelled", "Cancelled")],
        string="E-Invoice",
        readonly=True,
        copy=False,
        tracking=True,
    )
    oms_einvoice_error = fields.Text(string="E-Invoice Error", readonly=True, copy=False)
    oms_einvoice_signed_invoice = fields.Text(string="Signed Invoice", readonly=True, copy=False)
    oms_einvoice_signed_qr = fields.Text(string="Signed QR Code", readonly=True, copy=False)
    oms_einvoice_qr_image = fields.Binary(compute="_compute_oms_einvoice_qr_image")
    # Finance and administrators only, as their pages on the invoice form.
    oms_irn_job_ids = fields.One2many(
        "oms.irn.job",
        "move_id",
        string="IRN Jobs",
        readonly=True,
        groups="oms_handover.group_oms_finance,base.group_system",
    )
    oms_nic_log_ids = fields.One2many(
        "oms.nic.log",
        "move_id",
        string="IRP Log",
        readonly=True,
        groups="oms_handover.group_oms_finance,base.group_system",
    )

    @api.depends("oms_einvoice_signed_qr")
    def _compute_oms_einvoice_qr_image(self):
        for move in self:
            qr = move.oms_einvoice_signed_qr
            move.oms_einvoice_qr_image = base64.b64encode(_qr_png(qr)) if qr else False

    # ----- HSN before posting -----

    def _oms_hsn_failures(self):
        self.ensure_one()
        digits = int(self.company_id.l10n_in_hsn_code_digit or 4)
        failures = []
        lines = self.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        for number, line in enumerate(lines, start=1):
            if not line.tax_ids:
                continue
            try:
                check_hsn(line.l10n_in_hsn_code, digits, number, line.product_id.display_name or line.name)
            except HsnError as error:
                failures.append(str(error))
        return failures

    def init(self):
        result = super().init()
        # Every board page and timeline looks for the invoices whose IRN was rejected: a handful among
        # all invoices. Without this index that search reads the whole table (71 ms at 500,000 invoices,
        # growing with them; 0.02 ms with it: bench/kpi_dashboards at 1,000,000 orders).
        create_index(
            self.env.cr,
            "account_move_oms_einvoice_error_index",
            "account_move",
            ["id"],
            where="oms_einvoice_state = 'error'",
        )
        return result

    def _oms_gst_checked(self):
        return self.filtered(
            lambda move: (
                move.is_sale_document() and move.country_code == "IN" and move.company_id.oms_gst_enforce
            )
        )

    def _post(self, soft=True):
        for move in self._oms_gst_checked():
            failures = move._oms_hsn_failures()
            if failures:
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s cannot be posted:\n%(failures)s\nSet the HSN/SAC code on the "
                        "products (or lines).",
                        invoice=move.name or move.partner_id.display_name,
                        failures="\n".join(failures),
                    )
                )
        posted = super()._post(soft=soft)
        posted.filtered(lambda move: move.country_code == "IN")._oms_queue_irn()
        return posted

    # ----- e-invoice -----

    def _oms_has_l10n_in_edi_document(self):
        """True when Odoo's own l10n_in_edi already handles this invoice: never send it twice."""
        documents = self["edi_document_ids"] if "edi_document_ids" in self._fields else []
        return any(
            document.edi_format_id.code == "in_einvoice_1_03" and document.state != "cancelled"
            for document in documents
        )

    def _oms_queue_irn(self):
        Job = self.env["oms.irn.job"].sudo()  # queued for every poster; the job table is finance-only
        for move in self:
            # sudo: whoever posts (Odoo's own invoicing users too) queues the job; the jobs are Finance's.
            if move.oms_irn or move.sudo().oms_irn_job_ids or not move._oms_einvoice_applies():
                continue
            if move._oms_has_l10n_in_edi_document():
                continue
            move._oms_einvoice_payload()  # refuses the post, naming every problem, before anything is sent
            Job.create({"move_id": move.id, "company_id": move.company_id.id})
            paused = self.env["oms.einvoice.config"]._oms_paused_message(move.company_id)
            move.write({"oms_einvoice_state": "to_send", "oms_einvoice_error": paused or False})

    def _oms_check_finance(self):
        if not (
            self.env.user.has_group(GROUP_FINANCE) or self.env.user.has_group("account.group_account_manager")
        ):
            raise AccessError(self.env._("Only Finance may cancel an IRN or retry an e-invoice."))

    def action_oms_irn_cancel(self):
        """Open the IRN cancel wizard (within 24 h of the acknowledgement)."""
        self.ensure_one()
        self._oms_check_finance()
        self._oms_check_irn_cancellable()
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.irn.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

    def _oms_check_irn_cancellable(self, now=None):
        if self.oms_einvoice_state != "sent" or not self.oms_irn:
            raise UserError(self.env._("Invoice %(invoice)s has no active IRN.", invoice=self.name))
        now = now or fields.Datetime.now()
        if self.oms_irn_ack_date and now - self.oms_irn_ack_date > IRN_CANCEL_WINDOW:
            raise UserError(self._oms_too_late_message())

    def _oms_too_late_message(self):
        return self.env._(
            "The IRN of %(invoice)s was acknowledged more than 24 hours ago and can no longer be cancelled "
            "at the IRP. Issue a credit note instead (Credit Note button).",
            invoice=self.name,
        )

    def action_oms_einvoice_retry(self):
        self._oms_check_finance()
        jobs = self.oms_irn_job_ids.sudo().filtered(lambda job: job.state == "failed")
        jobs.action_oms_retry()
        self.filtered(lambda move: jobs & move.oms_irn_job_ids).write({"oms_einvoice_state": "to_send"})
        return True
