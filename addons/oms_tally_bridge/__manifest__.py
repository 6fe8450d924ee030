{
    "name": "Order Management: Tally Prime Bridge",
    "summary": "Sales Order, Sales and Credit Note vouchers, ledgers and stock items pushed to Tally Prime as XML, "
    "with an outbox, idempotent re-send, file export and reconciliation",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_handover", "oms_outbox", "account"],
    "external_dependencies": {"python": ["lxml", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/oms_tally_bridge_security.xml",
        "data/ir_cron_data.xml",
        "views/oms_tally_sync_views.xml",
        "views/oms_tally_config_views.xml",
        "views/sale_order_views.xml",
        "views/account_move_views.xml",
        "views/oms_tally_wizard_views.xml",
        "views/oms_tally_settlement_views.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/oms_tally_demo.xml",
    ],
    "installable": True,
    "images": [
        "static/description/screenshot_tally_sync.png",
        "static/description/screenshot_tally_receipts.png",
    ],
}
