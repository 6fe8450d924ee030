"""A change to a customer's credit limit, payment terms or GSTIN, waiting for a Sales Head.

The requested values are kept as they would be written (``values``: field name to value, many2one as an
id) with a readable old → new summary; the customer keeps its old values until a Sales Head approves,
which writes them in the company the request was made in (credit limit and payment terms are per company
in Odoo). A rejection keeps the old values and its reason.
"""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang

from .res_partner_signoff import SALES_HEAD_GROUP


class OmsPartnerChange(models.Model):
    _name = "oms.partner.change"
    _description = "Customer Change Request"
    _order = "id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    requested_by_id = fields.Many2one("res.users", required=True, readonly=True)
    requested_on = fields.Datetime(default=fields.Datetime.now, readonly=True)
    values = fields.Json(readonly=True)
    summary = fields.Text(readonly=True)
    state = fields.Selection(
        [("pending", "Waiting for a Sales Head"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="pending",
        required=True,
        readonly=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_on = fields.Datetime(readonly=True)
    decision_note = fields.Text(
        help="Why the Sales Head approves or rejects it; kept on the customer's timeline."
    )

    def _oms_describe(self, partner, name, value):
        field = partner._fields[name]
        if field.type == "many2one":
            new = self.env[field.comodel_name].browse(value).display_name if value else ""
            old = partner[name].display_name
        elif field.type == "float":
            new, old = (formatLang(self.env, amount) if amount else "" for amount in (value, partner[name]))
        else:
            new, old = value, partner[name]
        return f"{field.string}: {old or '-'} → {new or '-'}"

    def _oms_request(self, partner, values):
        """Record a pending change of ``partner`` (its own values unchanged) and ask a Sales Head."""
        partner = partner.with_company(self.env.company)
        changed = {
            name: value
            for name, value in values.items()
            if partner._fields[name].convert_to_write(partner[name], partner) != value
        }
        if not changed:
            return self.browse()
        summary = "\n".join(self._oms_describe(partner, name, value) for name, value in changed.items())
        # sudo: requests are written by this rule only (users may read them, never create or edit them).
        change = self.sudo().create(
            {
                "partner_id": partner.id,
                "company_id": self.env.company.id,
                "requested_by_id": self.env.uid,
                "values": changed,
                "summary": summary,
            }
        )
        partner.message_post(
            body=self.env._(
                "Change requested by %(user)s, waiting for a Sales Head (the current values hold until then):"
                " %(summary)s",
                user=self.env.user.name,
                summary=summary,
            )
        )
        partner._oms_notify_sales_heads(self.env._("Approve a customer change"), summary)
        return change

    def _oms_decide(self, state, note):
        if not self.env.user.has_group(SALES_HEAD_GROUP):
            raise AccessError(self.env._("Only a Sales Head may approve or reject a customer change."))
        for change in self:
            if change.state != "pending":
                raise UserError(self.env._("This change was decided already."))
            partner = change.partner_id
            if state == "approved":
                # The approver must be allowed to write these fields in Odoo too (credit limits: invoicing).
                partner.check_field_access_rights("write", list(change.values))
                # sudo: the Sales Head's approval is the sign-off the write below would otherwise ask for.
                partner.sudo().with_company(change.company_id).write(change.values)
            change.sudo().write(
                {
                    "state": state,
                    "decided_by_id": self.env.uid,
                    "decided_on": fields.Datetime.now(),
                    "decision_note": note or False,
                }
            )
            partner.activity_feedback(["mail.mail_activity_data_todo"], feedback=note or state)
            partner.message_post(
                body=self.env._(
                    "Change %(decision)s by %(user)s: %(summary)s %(note)s",
                    decision=dict(self._fields["state"].selection)[state],
                    user=self.env.user.name,
                    summary=change.summary,
                    note=note or "",
                )
            )
        return True

    def action_approve(self):
        return self._oms_decide("approved", self.decision_note if len(self) == 1 else False)

    def action_reject(self, note=None):
        note = note or (self.decision_note if len(self) == 1 else None)
        if not (note or "").strip():
            raise UserError(
                self.env._("Say why the change is rejected: the reason goes on the customer's timeline.")
            )
        return self._oms_decide("rejected", note)
