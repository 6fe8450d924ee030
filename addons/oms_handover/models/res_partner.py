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

    def action_oms_view_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("oms_handover.action_oms_customer_feedback")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action
