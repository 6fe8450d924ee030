"""Portal isolation and credentials over JSON-RPC: a customer sees only their own orders and no internal
model; the e-invoice and Tally connections are for administrators only."""

from odoo.tests import tagged

from .rpc_common import ALL_ROLES, OmsRpcCommon

# Finance's assessment and the internal blocking reason: none is readable by the customer.
KNOWN_PORTAL_FIELD_LEAKS = set()
SECRET_FIELDS = (
    "client_id",
    "client_secret",
    "username",
    "password",
    "public_key_pem",
    "token_data",
    "ewb_base_url",
    "ewb_client_id",
    "ewb_client_secret",
    "ewb_username",
    "ewb_password",
    "ewb_public_key_pem",
)


@tagged("post_install", "-at_install")
class TestRpcPortalAndCredentials(OmsRpcCommon):
    def test_portal_sees_only_own_orders(self):
        orders = self.assert_allowed(self.rpc("portal", "sale.order", "search_read", [], ["name"]))
        self.assertEqual([order["id"] for order in orders], self.own_order.ids)
        self.assert_allowed(
            self.rpc("portal", "sale.order", "read", self.own_order.ids, ["oms_customer_status"])
        )
        self.assert_refused(self.rpc("portal", "sale.order", "read", self.other_order.ids, ["name"]))
        self.assert_refused(self.rpc("portal", "sale.order", "write", self.own_order.ids, {"note": "x"}))

    def test_portal_internal_order_fields(self):
        # Internal assessments of the customer's own order: the design keeps them from the customer.
        internal = [
            "oms_history_ids",
            "oms_timeline_html",
            "oms_duplicate_order_ids",
            "oms_commercial_invoice_ids",
            "oms_credit_reasons",
            "oms_credit_decision_note",
            "oms_credit_exposure",
            "oms_credit_limit",
            "oms_ageing_90_plus",
            "oms_blocking_reason",
            "oms_approved_by_id",
        ]
        readable = set()
        for name in internal:
            if name in self.env["sale.order"]._fields:
                ok, _result = self.rpc("portal", "sale.order", "read", self.own_order.ids, [name])
                readable |= {name} if ok else set()
        # Finance's credit assessment is internal (fields restricted to employees).
        self.assertEqual(readable, KNOWN_PORTAL_FIELD_LEAKS & set(self.env["sale.order"]._fields))

    def test_portal_reads_no_internal_model(self):
        internal = [
            "oms.stage.history",
            "oms.customer.feedback",
            "oms.irn.job",
            "oms.nic.log",
            "oms.einvoice.config",
            "oms.eway.bill",
            "oms.commercial.invoice",
            "oms.tally.sync",
            "oms.tally.config",
        ]
        for model in internal:
            if model in self.env:
                with self.subTest(model=model):
                    self.assert_refused(self.rpc("portal", model, "search_read", [], ["id"]))

    def _config(self):
        return self.env["oms.einvoice.config"].create(
            {
                "company_id": self.company.id,
                "base_url": "http://127.0.0.1:9",
                "gstin": "29AABCU9603R1ZJ",
                "client_id": "cid-rpc",
                "client_secret": "sec-rpc-client",
                "username": "user-rpc",
                "password": "pw-rpc-secret",
                "ewb_password": "pw-rpc-ewb",
            }
        )

    def test_credentials_admin_only(self):
        config = self._config()
        for role in ALL_ROLES:
            for field in SECRET_FIELDS:
                with self.subTest(role=role, field=field):
                    self.assert_refused(self.rpc(role, "oms.einvoice.config", "read", config.ids, [field]))
                    outcome = self.rpc(role, "oms.einvoice.config", "search_read", [], ["gstin", field])
                    self.assert_refused(outcome)
            # Without the secrets, still refused: the connection is administrators' only (design).
            self.assert_refused(self.rpc(role, "oms.einvoice.config", "read", config.ids, ["gstin"]))
        row = self.assert_allowed(self.rpc("admin", "oms.einvoice.config", "read", config.ids, ["password"]))
        self.assertEqual(row[0]["password"], "pw-rpc-secret")
        self.assert_allowed(self.rpc("admin", "oms.einvoice.config", "read", config.ids, ["gstin"]))

    def test_secret_fields_not_described_to_non_admins(self):
        # Field-level protection as a second wall: the field list of a non-admin omits the secrets.
        for role in ("finance", "manager"):
            ok, described = self.rpc(role, "oms.einvoice.config", "fields_get", [], attributes=["type"])
            self.assertTrue(ok, described)
            self.assertIn("gstin", described)
            self.assertFalse(set(SECRET_FIELDS) & set(described), role)

    def test_tally_config_admin_only(self):
        if "oms.tally.config" not in self.env:
            self.skipTest("oms_tally_bridge is not installed")
        config = self.env["oms.tally.config"].search([("company_id", "=", self.company.id)])
        config = config or self.env["oms.tally.config"].create(
            {"company_id": self.company.id, "company_name": "RPC Co"}
        )
        for role in ALL_ROLES:
            with self.subTest(role=role):
                self.assert_refused(self.rpc(role, "oms.tally.config", "read", config.ids, ["host", "port"]))
                self.assert_refused(self.rpc(role, "oms.tally.config", "search_read", [], ["company_name"]))
        self.assert_allowed(self.rpc("admin", "oms.tally.config", "read", config.ids, ["host"]))
