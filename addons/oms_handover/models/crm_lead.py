from odoo import models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def write(self, vals):
        # Won through the button or by dragging to a won stage: both write a won stage_id.
        newly_won = self.browse()
        if vals.get("stage_id") and self.env["crm.stage"].browse(vals["stage_id"]).is_won:
            newly_won = self.filtered(lambda lead: lead.type == "opportunity" and not lead.stage_id.is_won)
        quotations = newly_won._oms_quotations_to_hand_over()
        result = super().write(vals)
        quotations._oms_hand_over()
        return result

    def _oms_quotations_to_hand_over(self):
        """For each opportunity, its first valid quotation; refuse the Won with the reasons otherwise."""
        chosen = self.env["sale.order"]
        for lead in self:
            if not (lead.company_id or self.env.company).oms_handover_on_won:
                continue
            candidates = lead.order_ids.filtered(lambda order: order.state in ("draft", "sent"))
            refusals = []
            for quotation in candidates.sorted("id"):
                refusal = quotation._oms_handover_refusal()
                if not refusal:
                    chosen |= quotation
                    break
                refusals.append(refusal)
            else:
                detail = "\n".join(refusals) or self.env._("The opportunity has no quotation.")
                raise UserError(
                    self.env._(
                        "%(lead)s cannot be marked Won: no valid quotation to hand over to operations.\n%(detail)s",
                        lead=lead.name,
                        detail=detail,
                    )
                )
        return chosen
