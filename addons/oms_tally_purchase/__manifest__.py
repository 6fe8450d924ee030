{
    "name": "Order Management: Tally Prime Purchases",
    "summary": "Confirmed purchase orders as Purchase Order vouchers, vendor bills as Purchase vouchers with "
    "input GST ledgers, vendor credit notes as Debit Notes, vendors under Sundry Creditors",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_tally_bridge", "purchase"],
    "data": [
        "security/ir.model.access.csv",
        "security/oms_tally_purchase_security.xml",
        "views/oms_tally_config_views.xml",
        "views/purchase_order_views.xml",
        "views/account_move_views.xml",
        "views/oms_tally_wizard_views.xml",
    ],
    "demo": [
        "demo/oms_tally_purchase_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
    "images": ["static/description/screenshot_tally_config.png"],
}
