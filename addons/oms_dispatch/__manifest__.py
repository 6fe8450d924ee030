{
    "name": "Order Management: Dispatch",
    "summary": "Operations board, vendor placement, production stages, shipment planning, partial and "
    "complete dispatch with challans and proof of delivery",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_handover", "sale_stock", "purchase_stock", "sale_purchase_stock"],
    "data": [
        "security/oms_dispatch_security.xml",
        "security/ir.model.access.csv",
        "security/oms_backorder_demand_security.xml",
        "report/oms_dispatch_reports.xml",
        "data/oms_dispatch_cron.xml",
        "data/mail_template_data.xml",
        "data/oms_dispatch_mail_templates.xml",
        "views/oms_wizard_views.xml",
        "views/sale_order_board_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/oms_kpi_report_views.xml",
        "views/oms_backorder_demand_views.xml",
    ],
    "demo": [
        "demo/oms_dispatch_demo.xml",
        "demo/oms_backorder_demand_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "oms_dispatch/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
