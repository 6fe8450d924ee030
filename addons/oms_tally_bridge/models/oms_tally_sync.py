"""Tally outbox: one job per document and kind, sent by cron with the shared outbox mixin."""

import base64
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_outbox.exceptions import OmsTransientError

from ..oms_tally import TallyMalformedResponse, TallyRejected, TallyUnavailable, parse_import_response
from ..oms_tally.envelope import masters_envelopes, voucher_envelopes
from ..oms_tally.response import decode_response

_logger = logging.getLogger(__name__)

DOCUMENT_MODELS = [
    ("sale.order", "Sales Order"),
    ("account.move", "Invoice"),
    ("oms.tally.config", "Tally Settings"),
]


class OmsTallySync(models.Model):
    _name = "oms.tally.sync"
    _inherit = ["oms.outbox.job.mixin", "mail.thread"]
    _description = "Tally Sync Job"

    name = fields.Char(compute="_compute_name", store=True)
    res_model = fields.Selection(DOCUMENT_MODELS, string="Document Type", required=True, readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", required=True, readonly=True, index=True)
    document_ref = fields.Reference(DOCUMENT_MODELS, string="Document", compute="_compute_document_ref")
    kind = fields.Selection(
        [
            ("masters", "Masters"),
            ("sales_order", "Sales Order Voucher"),
            ("sales", "Sales Voucher"),
            ("credit_note", "Credit Note Voucher"),
            ("cancel", "Cancellation"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    remote_id = fields.Char(string="Tally Remote ID", readonly=True, copy=False)
    tally_voucher_id = fields.Char(string="Tally Master/Voucher ID", readonly=True, copy=False)
    request_xml = fields.Text(readonly=True, copy=False)
    response_xml = fields.Text(readonly=True, copy=False)
    amount = fields.Monetary(readonly=True, copy=False, help="Document total when it was sent.")
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("res_model", "res_id", "kind")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for job in self:
            document = job._oms_document()
            label = document.display_name if document else f"{job.res_model},{job.res_id}"
            job.name = f"{kinds.get(job.kind, job.kind)}: {label}"

    @api.depends("res_model", "res_id")
    def _compute_document_ref(self):
        for job in self:
            job.document_ref = f"{job.res_model},{job.res_id}" if job.res_model and job.res_id else False

    def _oms_document(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return None
        return self.env[self.res_model].browse(self.res_id).exists()

    # ----- queueing -----

    @api.model
    def _oms_enqueue(self, documents, kind):
        """Queue ``kind`` for each document once: a pending job of the same kind already covers it,
        since the XML is built when the job is sent, from the document as it is then."""
        # sudo: salespeople confirming an order queue its voucher without access to the log.
        jobs = self.sudo().browse()
        for document in documents:
            existing = self.sudo().search(
                [
                    ("res_model", "=", document._name),
                    ("res_id", "=", document.id),
                    ("kind", "=", kind),
                    ("state", "=", "pending"),
                ],
                limit=1,
            )
            if existing:
                jobs |= existing
                continue
            company = document.company_id if "company_id" in document._fields else self.env.company
            jobs |= self.sudo().create(
                {"res_model": document._name, "res_id": document.id, "kind": kind, "company_id": company.id}
            )
        return jobs

    @api.model
    def _oms_jobs_of(self, document, kinds=None, states=None):
        domain = [("res_model", "=", document._name), ("res_id", "=", document.id)]
        if kinds:
            domain.append(("kind", "in", list(kinds)))
        if states:
            domain.append(("state", "in", list(states)))
        return self.sudo().search(domain)

    @api.model
    def _oms_tally_cancel_open(self, document, kinds):
        """Withdraw jobs of ``kinds`` that were never sent (pending or failed)."""
        self._oms_jobs_of(document, kinds=kinds, states=("pending", "failed")).action_oms_cancel_job()

    # ----- sending -----

    def _oms_envelopes(self, settings, trace):
        """Return the XML requests of this job, masters first (built now, so never stale)."""
        config = settings._oms_core_config()
        document = self._oms_document()
        if not document:
            raise UserError(self.env._("The document of this job no longer exists; cancel the job."))
        if self.kind == "masters":
            return masters_envelopes(config, document._oms_tally_master_elements(config, settings))
        voucher = document._oms_tally_voucher(config, cancelled=self.kind == "cancel")
        trace.update(amount=float(voucher.total), remote_id=voucher.remote_id)
        envelopes = voucher_envelopes(config, [voucher])
        if self.kind == "cancel":
            return envelopes
        return [*masters_envelopes(config, document._oms_tally_master_elements(config, settings)), *envelopes]

    def _oms_perform(self):
        settings = self.env["oms.tally.config"]._oms_for_company(self.company_id)
        trace = self.env.context.get("oms_tally_trace", {})
        try:
            envelopes = self._oms_envelopes(settings, trace)
        except ValueError as error:  # unbalanced voucher, missing ledger mapping
            raise UserError(str(error)) from None
        trace["request_xml"] = "\n".join(decode_response(envelope) for envelope in envelopes)
        client = settings._oms_client()
        answers, result = [], None
        try:
            for envelope in envelopes:
                raw = client.post(envelope)
                answers.append(decode_response(raw))
                trace["response_xml"] = "\n".join(answers)
                result = parse_import_response(raw)
                if not result.is_success:
                    raise TallyRejected(f"Tally rejected the import: {result.describe()}", result)
        except (TallyUnavailable, TallyMalformedResponse) as error:
            raise OmsTransientError(str(error)) from None
        except TallyRejected as error:
            # Each job sends one document: name it, so the refusal reads "INV/2025/0007: ...".
            document = self._oms_document()
            raise UserError(f"{document.display_name}: {error}" if document else str(error)) from None
        trace["tally_voucher_id"] = str(result.last_voucher_id or result.last_master_id or "")

    def _oms_run_claimed(self):
        # The mixin rolls back _oms_perform's writes on failure; keep what was sent and answered anyway.
        trace = {}
        result = super(OmsTallySync, self.with_context(oms_tally_trace=trace))._oms_run_claimed()
        if trace:
            self.write(trace)
        if self.state == "failed":
            self.message_post(body=self.env._("Tally sync failed: %(error)s", error=self.last_error))
        return result

    def action_oms_run_now(self):
        """Send these jobs now instead of waiting for the scheduler (failures keep their backoff)."""
        for job in self.filtered(lambda job: job.state == "pending"):
            # Same lock as the cron's claim: a job a worker is sending right now is left to it.
            self.env.flush_all()
            self.env.cr.execute(
                f"SELECT id FROM {self._table} WHERE id = %s AND state = 'pending' FOR UPDATE SKIP LOCKED",
                (job.id,),
            )
            if self.env.cr.fetchone():
                # sudo: accountants may run jobs, whose sending reads the admin-only settings.
                job.sudo()._oms_run_claimed()
        return True

    def _oms_download(self, field_name):
        self.ensure_one()
        content = self[field_name] or ""
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"tally-{self.kind}-{self.id}-{field_name.split('_')[0]}.xml",
                "datas": base64.b64encode(content.encode()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/xml",
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true"}

    def action_oms_download_request(self):
        return self._oms_download("request_xml")

    def action_oms_download_response(self):
        return self._oms_download("response_xml")
