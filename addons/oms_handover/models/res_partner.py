from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    oms_feedback_count = fields.Integer(
        string="Feedback", compute="_compute_oms_feedback_count", groups="base.group_user"
    )

    def _compute_oms_feedback_count(self):
        # Feedback of a contact person counts for its company too, as orders do on the partner card.
        for partner in self:
            partner.oms_feedback_count = self.env["oms.customer.feedback"].search_count(
                [("partner_id", "child_of", partner.commercial_partner_id.id)]
            )

    def signup_prepare(self, signup_type="signup"):
        """Every customer mail with a portal link prepares the customer's signup (Odoo's auth_signup, when
        the company invites customers to sign up), writing the same value on the contact again each time:
        customers with many orders in flight then had their row updated by every mail, and concurrent
        mails of one customer collided on it. Only contacts whose value changes are written."""
        changing = self.filtered(lambda partner: partner.signup_type != signup_type)
        if changing:
            super(ResPartner, changing).signup_prepare(signup_type)
        return True

    def action_oms_view_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("oms_handover.action_oms_customer_feedback")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action
