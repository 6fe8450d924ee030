"""Customer master sign-off: a Sales Head approves new customers and changes to their credit terms.

With the company's *Customer Master Sign-off* on, when someone who is not a Sales Head (Odoo's Sales
Administrator group, which the suite's Manager role implies):

- creates a top-level contact that is not a vendor, the new customer waits for approval, and no order for
  it may be confirmed until a Sales Head approves it;
- changes an approved customer's credit limit, payment terms or GSTIN, the change is kept as a pending
  request (``oms.partner.change``) and the customer's old values hold until a Sales Head approves it.

Sales Heads are asked through an activity; every request and decision (who, when, why) is on the
customer's timeline. Records the system creates (superuser: data files, imports by the system, the
portal's signup) are not held: only a person's entries are.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

SALES_HEAD_GROUP = "sales_team.group_sale_manager"
# Fields of a customer whose change needs a Sales Head (the credit terms and the tax identity).
SIGNED_OFF_FIELDS = ("credit_limit", "use_partner_credit_limit", "property_payment_term_id", "vat")


class ResCompany(models.Model):
    _inherit = "res.company"

    oms_master_signoff = fields.Boolean(
        string="Customer Master Sign-off",
        help="New customers, and changes to a customer's credit limit, payment terms or GSTIN, wait for a"
        " Sales Head's approval; no order for a new customer is confirmed before it.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    oms_master_signoff = fields.Boolean(related="company_id.oms_master_signoff", readonly=False)


class ResPartner(models.Model):
    _inherit = "res.partner"

    oms_master_state = fields.Selection(
        [("approved", "Approved"), ("pending", "Waiting for a Sales Head")],
        string="Customer Sign-off",
        default="approved",
        readonly=True,
        copy=False,
        tracking=True,
    )
    oms_master_change_ids = fields.One2many(
        "oms.partner.change", "partner_id", string="Change Requests", groups="sales_team.group_sale_salesman"
    )
    # compute_sudo: a count every reader of the contact may see (the requests themselves are Sales').
    oms_master_pending_count = fields.Integer(compute="_compute_oms_master_pending_count", compute_sudo=True)

    @api.depends("oms_master_change_ids.state")
    def _compute_oms_master_pending_count(self):
        for partner in self:
            partner.oms_master_pending_count = len(
                partner.oms_master_change_ids.filtered(lambda change: change.state == "pending")
            )

    @api.model
    def _oms_signoff_applies(self):
        """Whether the current user's entries wait for a Sales Head in the current company."""
        return (
            not self.env.su
            and self.env.company.oms_master_signoff
            and not self.env.user.has_group(SALES_HEAD_GROUP)
        )

    def _oms_notify_sales_heads(self, summary, note):
        head = self.env.company._oms_team_member(SALES_HEAD_GROUP) or self.env.user
        for partner in self:
            # sudo: a salesperson may not schedule activities for others on a contact it cannot write.
            partner.sudo()._oms_schedule_queued(
                "mail.mail_activity_data_todo", summary=summary, note=note, user_id=head.id
            )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if not self._oms_signoff_applies():
            return partners
        held = partners.filtered(lambda partner: not partner.parent_id and not partner.supplier_rank)
        if held:
            held.sudo().write({"oms_master_state": "pending"})  # sudo: the field is the Sales Head's
            for partner in held:
                partner.message_post(
                    body=self.env._(
                        "New customer entered by %(user)s: waits for a Sales Head's approval before an order"
                        " for it is confirmed.",
                        user=self.env.user.name,
                    )
                )
            # Only those entered as customers ask a Sales Head (an employee's work contact never becomes one);
            # the others wait all the same, and a refused confirmation says why.
            held.filtered("customer_rank")._oms_notify_sales_heads(
                self.env._("Approve the new customer"),
                self.env._("Entered by %(user)s.", user=self.env.user.name),
            )
        return partners

    def write(self, vals):
        if "oms_master_state" in vals and not self.env.su:
            raise AccessError(self.env._("Only a Sales Head approves a customer, with Approve Customer."))
        watched = set(SIGNED_OFF_FIELDS) & set(vals)
        if not watched or not self._oms_signoff_applies():
            return super().write(vals)
        # A request may ask only what the user could write (Odoo keeps credit limits to invoicing users).
        self.check_field_access_rights("write", list(watched))
        held = self.filtered(lambda partner: not partner.parent_id and partner.oms_master_state == "approved")
        requested = {name: vals[name] for name in watched}
        for partner in held:
            self.env["oms.partner.change"]._oms_request(partner, requested)
        others = self - held
        rest = {name: value for name, value in vals.items() if name not in watched}
        if others:
            super(ResPartner, others).write(vals)
        if rest and held:
            super(ResPartner, held).write(rest)
        return True

    def action_oms_approve_customer(self):
        if not self.env.user.has_group(SALES_HEAD_GROUP):
            raise AccessError(self.env._("Only a Sales Head may approve a customer."))
        for partner in self.filtered(lambda partner: partner.oms_master_state == "pending"):
            partner.sudo().write({"oms_master_state": "approved"})  # sudo: the protected field, role checked
            partner.activity_feedback(["mail.mail_activity_data_todo"], feedback=self.env._("Approved"))
            partner.message_post(body=self.env._("Customer approved by %(user)s.", user=self.env.user.name))
        return True

    def _oms_refuse_unapproved(self):
        """Raise when an order for one of these customers may not be confirmed yet."""
        pending = self.commercial_partner_id.filtered(lambda partner: partner.oms_master_state == "pending")
        if pending:
            raise UserError(
                self.env._(
                    "%(customer)s is a new customer waiting for a Sales Head's approval: its orders cannot be"
                    " confirmed yet.",
                    customer=pending[0].display_name,
                )
            )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        self.partner_id._oms_refuse_unapproved()
        return super().action_confirm()
