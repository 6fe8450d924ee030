{
    "name": "Order Management: Tally Prime Godowns",
    "summary": "Tally godown per warehouse: Sales Order, Sales and Credit Note vouchers carry GODOWNNAME "
    "from the order's warehouse",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_tally_bridge", "sale_stock"],
    "data": [
        "security/ir.model.access.csv",
        "views/stock_warehouse_views.xml",
        "views/oms_tally_config_views.xml",
    ],
    "demo": [
        "demo/oms_tally_stock_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
    "auto_install": True,
    "images": ["static/description/screenshot_tally_config.png"],
}
