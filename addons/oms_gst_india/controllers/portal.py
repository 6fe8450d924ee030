"""The customer's own address on the portal (/my/account): an Indian PIN code is checked in the form, so a
customer sees the field marked with a message instead of an error page from the model's constraint."""

import re

from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.res_partner import PIN_CODE


class OmsGstCustomerPortal(CustomerPortal):
    def details_form_validate(self, data, partner_creation=False):
        error, error_message = super().details_form_validate(data, partner_creation)
        country_id = data.get("country_id")
        pin_code = re.sub(r"\s+", "", data.get("zipcode") or "")
        country = (
            request.env["res.country"].browse(int(country_id)) if str(country_id or "").isdigit() else None
        )
        if pin_code and country and country.code == "IN" and not PIN_CODE.match(pin_code):
            error["zip"] = "error"
            error_message.append(
                request.env._(
                    "An Indian PIN code has 6 digits and does not start with 0 (for example 411001)."
                )
            )
        return error, error_message
