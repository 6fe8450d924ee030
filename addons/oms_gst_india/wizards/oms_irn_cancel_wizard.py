from datetime import timezone

from odoo import fields, models
from odoo.exceptions import UserError

from ..oms_gst.irp_client import CANCEL_TOO_LATE
from ..oms_gst.nic_errors import NicError, NicTransientError


class OmsIrnCancelWizard(models.TransientModel):
    _name = "oms.irn.cancel.wizard"
    _description = "Cancel IRN"

    move_id = fields.Many2one("account.move", required=True, readonly=True)
    reason = fields.Selection(
        [("1", "Duplicate"), ("2", "Data entry mistake"), ("3", "Order cancelled"), ("4", "Others")],
        required=True,
        default="2",
    )
    remark = fields.Char(required=True, size=100)

    def action_confirm(self):
        """Cancel the IRN at the IRP (within 24 h), then the invoice in Odoo."""
        self.ensure_one()
        move = self.move_id
        move._oms_check_finance()
        if not self.remark or len(self.remark) > 100:
            raise UserError(self.env._("The remark is required and holds at most 100 characters."))
        config = self.env["oms.einvoice.config"]._oms_for_company(move.company_id)
        now = config._oms_now()
        move._oms_check_irn_cancellable(now.astimezone(timezone.utc).replace(tzinfo=None) if now else None)
        client = config._oms_irp_client()
        request = {"Irn": move.oms_irn, "CnlRsn": self.reason, "CnlRem": self.remark}
        log = self.env["oms.nic.log"].sudo()  # audit trail users cannot write
        try:
            reply = client.cancel_irn(move.oms_irn, int(self.reason), self.remark)
        except NicTransientError as error:
            raise UserError(
                self.env._(
                    "The IRP did not answer (%(reason)s); try again in a moment.", reason=error.message
                )
            ) from error
        except NicError as error:
            if error.has_code(CANCEL_TOO_LATE):
                message = move._oms_too_late_message()
            else:
                message = self.env._("The IRP refused the cancellation: %(error)s", error=str(error))
            raise UserError(message) from error
        log.create(self._log_values(request, reply, "ok"))
        move.write({"oms_einvoice_state": "cancelled", "oms_einvoice_error": False})
        move.button_draft()
        move.button_cancel()
        move.message_post(
            body=self.env._(
                "IRN cancelled at the IRP (reason %(reason)s: %(remark)s).",
                reason=dict(self._fields["reason"].selection)[self.reason],
                remark=self.remark,
            )
        )
        return {"type": "ir.actions.act_window_close"}

    def _log_values(self, request, response, outcome):
        return {
            "move_id": self.move_id.id,
            "company_id": self.move_id.company_id.id,
            "operation": "CancelIRN",
            "request": str(request),
            "response": str(response),
            "outcome": outcome,
        }
