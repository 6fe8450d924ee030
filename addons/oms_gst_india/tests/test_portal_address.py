"""A customer editing their own address on the portal: a bad Indian PIN code is marked in the form (no error
page, nothing written); a good one is stored without its spaces."""

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalAddress(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = new_test_user(
            cls.env,
            login="oms_pin_buyer",
            groups="base.group_portal",
            name="Pune Buyer",
            email="b@pune.example.com",
        )
        cls.buyer.partner_id.write(
            {
                "phone": "+91 98220 12345",
                "street": "14 Bhosari MIDC",
                "city": "Pune",
                "zip": "411026",
                "country_id": cls.env.ref("base.in").id,
                "state_id": cls.env.ref("base.state_in_mh").id,
            }
        )

    def post_address(self, zipcode):
        partner = self.buyer.partner_id
        return self.url_open(
            "/my/account",
            data={
                "name": partner.name,
                "email": partner.email,
                "phone": partner.phone,
                "street": partner.street,
                "city": partner.city,
                "country_id": str(partner.country_id.id),
                "state_id": str(partner.state_id.id),
                "zipcode": zipcode,
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )

    def test_bad_pin_code_is_marked_in_the_form(self):
        self.authenticate("oms_pin_buyer", "oms_pin_buyer")
        for value in ("4110", "011001", "41100A"):
            with self.subTest(value=value):
                response = self.post_address(value)
                self.assertEqual(response.status_code, 200, "the form is shown again, not an error page")
                self.assertIn("An Indian PIN code has 6 digits", response.text)
                self.buyer.partner_id.invalidate_recordset(["zip"])
                self.assertEqual(self.buyer.partner_id.zip, "411026", "nothing is written")

    def test_good_pin_code_is_stored_without_spaces(self):
        self.authenticate("oms_pin_buyer", "oms_pin_buyer")
        response = self.post_address("411 001")
        self.assertEqual(response.status_code, 303)
        self.buyer.partner_id.invalidate_recordset(["zip"])
        self.assertEqual(self.buyer.partner_id.zip, "411001")
