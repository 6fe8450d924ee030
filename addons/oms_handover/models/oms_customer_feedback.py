from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A rating at or below this asks the customer's salesperson to follow up (seed 002).
LOW_RATING = 2


class OmsCustomerFeedback(models.Model):
    _name = "oms.customer.feedback"
    _description = "Customer Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True, tracking=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer", store=True, index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    rating = fields.Integer(required=True, tracking=True, help="1 (very unhappy) to 5 (very happy).")
    nps = fields.Integer(
        string="NPS Score", tracking=True, help="How likely the customer recommends us, 0 to 10."
    )
    comment = fields.Text()
    follow_up_actions = fields.Text(string="Follow-up Actions")
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users", string="Recorded By", required=True, default=lambda self: self.env.user
    )

    _sql_constraints = [
        (
            "order_unique",
            "unique(order_id)",
            "This order already has its customer feedback: open and edit it.",
        ),
    ]

    @api.constrains("rating", "nps")
    def _check_scores(self):
        for feedback in self:
            if not 1 <= feedback.rating <= 5:
                raise ValidationError(
                    self.env._("The rating must be between 1 and 5 (got %(rating)s).", rating=feedback.rating)
                )
            if not 0 <= feedback.nps <= 10:
                raise ValidationError(
                    self.env._("The NPS score must be between 0 and 10 (got %(nps)s).", nps=feedback.nps)
                )

    @api.model_create_multi
    def create(self, vals_list):
        feedbacks = super().create(vals_list)
        for feedback in feedbacks:
            feedback._oms_announce()
        return feedbacks

    def _oms_announce(self):
        """Log the feedback on the order; a poor rating gets an activity for the customer's owner."""
        self.ensure_one()
        order = self.order_id
        self.order_id.message_post(
            body=self.env._(
                "Customer feedback recorded: rating %(rating)s/5, NPS %(nps)s.",
                rating=self.rating,
                nps=self.nps,
            )
        )
        if self.rating <= LOW_RATING:
            owner = (
                order.partner_id.commercial_partner_id.user_id or order.partner_id.user_id or order.user_id
            )
            self._oms_schedule_queued(
                "mail.mail_activity_data_todo",
                summary=self.env._("Low rating on %(order)s: follow up", order=order.name),
                note=self.comment or "",
                user_id=(owner or self.env.user).id,
            )
