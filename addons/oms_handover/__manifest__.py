{
    "name": "Order Management: Handover and Pipeline",
    "summary": "Closed Won to delivered: 12-stage order pipeline with role gates, history, credit and "
    "duplicate checks, and cancel with reasons",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "application": True,
    "depends": ["sale_management", "crm", "sale_crm", "mail"],
    "data": [
        "security/oms_handover_security.xml",
        "security/ir.model.access.csv",
        "data/oms_stage_data.xml",
        "data/mail_template_data.xml",
        "views/oms_wizard_views.xml",
        "views/oms_stage_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/oms_demo_company.xml",
        "demo/oms_demo_users.xml",
        "demo/oms_demo_partners.xml",
        "demo/oms_demo_products.xml",
    ],
    "installable": True,
}
