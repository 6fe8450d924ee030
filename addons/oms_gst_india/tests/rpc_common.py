"""Shared set-up of the JSON-RPC security tests: one user per pipeline role, a plain internal user, a portal
customer, an administrator, and a helper calling ``/web/dataset/call_kw`` as one of them over real HTTP."""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tests.common import HttpCase

from .common import OmsGstCommon

# The roles of ARCHITECTURE.md plus a plain internal user (no suite role) and a portal customer.
SUITE_ROLES = ("sales", "procurement", "production", "finance", "dispatch", "manager")
ALL_ROLES = (*SUITE_ROLES, "internal", "portal")
ROLE_GROUP_XMLIDS = {
    "sales": "base.group_user,oms_handover.group_oms_sales",
    "procurement": "base.group_user,oms_handover.group_oms_procurement",
    "production": "base.group_user,oms_handover.group_oms_production",
    "finance": "base.group_user,oms_handover.group_oms_finance",
    "dispatch": "base.group_user,oms_handover.group_oms_dispatch",
    "manager": "base.group_user,oms_handover.group_oms_manager",
    "internal": "base.group_user",
    "portal": "base.group_portal",
    "admin": "base.group_user,base.group_system",
}


class OmsRpcCommon(OmsGstCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        cls.rpc_users = {
            role: new_test_user(
                cls.env,
                login=f"oms_rpc_{role}",
                groups=groups,
                name=f"RPC {role.title()}",
                email=f"rpc.{role}@oms-test.example.com",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
            for role, groups in ROLE_GROUP_XMLIDS.items()
        }
        cls.team.member_ids = [Command.link(cls.rpc_users["sales"].id)]
        # The portal user is a contact of the Karnataka customer: that customer's orders are "their own".
        cls.rpc_users["portal"].partner_id.parent_id = cls.customer_ka
        cls.own_order = cls.rpc_order(cls.customer_ka)
        cls.other_order = cls.rpc_order(cls.customer_mh)
        cls.reason = cls.env["oms.cancel.reason"].create({"name": "RPC test reason"})

    @classmethod
    def rpc_order(cls, partner, **values):
        order = cls.make_order(
            partner,
            user_id=cls.rpc_users["sales"].id,
            oms_agreed_date=fields.Date.today() + timedelta(days=12),
        )
        order.write(values)
        order.action_confirm()
        order.message_subscribe(partner_ids=partner.ids)  # as sending the order would (portal access)
        return order

    # ----- JSON-RPC -----

    def rpc(self, role, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` over JSON-RPC as ``role``.

        Returns ``(True, result)`` or ``(False, error)`` where error is the JSON-RPC error's ``data``
        (``name`` = exception class path, ``message`` = the text shown to the user)."""
        if getattr(self, "_rpc_role", None) != role:
            login = self.rpc_users[role].login
            self.authenticate(login, login)
            self._rpc_role = role
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        body = response.json()
        # The HTTP request ran on the test cursor: drop what this side cached before re-reading.
        self.env.invalidate_all()
        if "error" in body:
            return False, body["error"]["data"]
        return True, body["result"]

    def assert_refused(self, outcome, kinds=("AccessError",), phrase=None):
        ok, error = outcome
        self.assertFalse(ok, "the call should have been refused")
        self.assertIn(error["name"].rsplit(".", 1)[-1], kinds, error.get("message"))
        if phrase:
            self.assertIn(phrase.lower(), error["message"].lower())
        return error

    def assert_allowed(self, outcome):
        ok, result = outcome
        self.assertTrue(ok, f"the call should have succeeded: {result}")
        return result
