"""Benchmark (issue 16): a month's GSTR-1 of 10,000, 25,000 and 50,000 invoices and credit notes.

Measured per month, as the administrator, from an empty record cache, flush of what it stores included
(median of --repeat): ``oms.gstr1.return.action_compute()`` (read the month's posted documents, place each in
its table, HSN and documents summaries, store them); then ``action_export()`` (all that again and the
portal's JSON) unless something is refused. Baseline, same run, same month, plain Odoo reading it:
``search_read`` of the posted invoices and credit notes (name, customer, date, untaxed, tax, total) plus a
``read_group`` of their product lines by ``tax_ids`` (balance and quantity summed).
Targets: < 10 s up to 50,000 invoices (linear above); growth exponent of compute, smallest to
largest month, log(t2/t1) / log(n2/n1) <= 1.1; every document in the table it was built for, none refused.

Data: per size a company in Karnataka (l10n_in chart, GSTIN 29AABCU9603R1ZJ) whose May 2025 holds 15
invoices and 3 credit notes made and posted by the ORM (registered buyers in and out of the state, consumers
above and below ₹1 lakh, SEZ and exports with and without IGST, cess, a service), copied by bulk SQL
(moves, journal items, their taxes and tags) with numbers of their own and dates over the month. Kept for
later runs unless the database is the shared ``oms_bench``: use ``OMS_BENCH_DB=oms_bench_gstr1``.
"""

import cProfile
import itertools
import math
import pstats
import statistics
import time
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from einvoice_common import indian_company
from odoo_env import parse_arguments
from report import result

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry

ARGUMENTS = parse_arguments(
    __doc__,
    {
        "--invoices": {"type": int, "default": 50000, "help": "the largest month (others: a fifth, a half)"},
        "--sizes": {"default": "", "help": "documents per month, comma-separated (overrides --invoices)"},
        "--repeat": {"type": int, "default": 3},
        "--rebuild": {"action": "store_true", "help": "delete the benchmark documents, build them again"},
        "--profile": {"action": "store_true", "help": "cProfile one more action_compute, largest month"},
    },
)
SHARED_DATABASE = "oms_bench"
COMPANY = "Bench GSTR-1 Traders"  # and the size
MONTH = date(2025, 5, 1)
TARGET_SECONDS, TARGET_INVOICES, TARGET_EXPONENT = 10.0, 50000, 1.1
MOVE_TYPES = ("out_invoice", "out_refund")
BUYERS = {  # key: (name, state, GSTIN without its check character, GST treatment)
    "ka": ("Bengaluru Motors Pvt Ltd", "in_ka", "29AABCK2345P1Z", "regular"),
    "mh": ("Pune Fabricators LLP", "in_mh", "27AAPFU0939F1Z", "regular"),
    "tn": ("Chennai Pumps Pvt Ltd", "in_tn", "33AAGCT4567H1Z", "regular"),
    "sez": ("Electronic City SEZ Unit", "in_ka", "29AAHCS7890L1Z", "special_economic_zone"),
    "consumer_ka": ("Anita Rao", "in_ka", "", "consumer"),
    "consumer_mh": ("Ravi Kulkarni", "in_mh", "", "consumer"),
    "consumer_tn": ("Lakshmi Iyer", "in_tn", "", "consumer"),
    "us": ("Ohio Machinery Inc", "us_30", "", "overseas"),  # a foreign state: place of supply 96
}
PRODUCTS = {  # key: (name, type, HSN or SAC, price)
    "bearing": ("Ball Bearing 6205", "consu", "84821010", 1000.0),
    "belt": ("V-Belt B-42", "consu", "40103999", 450.0),
    "bolt": ("Hex Bolt M12", "consu", "73181500", 12.5),
    "service": ("Installation Service", "service", "998719", 2500.0),
}
INVOICES = [  # (table it belongs to, buyer, "product quantity tax [tax]; ...")
    ("b2b", "ka", "bearing 10 sgst_sale_18; service 1 sgst_sale_18"),
    ("b2b", "ka", "bolt 400 sgst_sale_12; belt 6 sgst_sale_28; bearing 2 sgst_sale_18"),
    ("b2b", "mh", "bearing 20 igst_sale_18; belt 5 igst_sale_18 cess_sale_5"),
    ("b2b", "tn", "belt 30 igst_sale_12; bolt 100 igst_sale_5"),
    ("b2cl", "consumer_mh", "bearing 100 igst_sale_18"),  # ₹1,18,000: above ₹1 lakh
    ("b2cs", "consumer_mh", "bearing 50 igst_sale_18"),
    ("b2cs", "consumer_ka", "bearing 200 sgst_sale_18"),  # intra-state: B2CS whatever its value
    ("b2cs", "consumer_ka", "bolt 8 sgst_sale_5"),
    ("b2cs", "consumer_tn", "service 1 igst_sale_18"),
    ("b2b", "sez", "bearing 40 igst_sale_18_sez_exp"),  # SEWP
    ("b2b", "sez", "bearing 10 igst_sale_18_sez_exp_lut"),  # SEWOP
    ("exp", "us", "bearing 30 igst_sale_18_sez_exp_lut"),  # WOPAY
    ("exp", "us", "belt 15 igst_sale_18_sez_exp"),  # WPAY
    ("b2b", "mh", "bolt 1000 igst_sale_18; belt 2 igst_sale_28"),
    ("b2cs", "consumer_ka", "belt 1 sgst_sale_18"),
]
CREDIT_NOTES = [("cdnr", 2, 2), ("b2cs", 5, 1), ("cdnur", 4, 10)]  # (table, invoice, quantity of line 1)


def find_or_create(model, domain, values):
    # Never written again: a write on a partner or product recomputes every invoice of the benchmark.
    return model.search(domain, limit=1) or model.create(values)


def masters(env, name):
    from odoo.addons.oms_gst_india.oms_gst.gstin import compute_check_character

    company = env["res.company"].search([("name", "=", name)], limit=1)
    if company:
        env = env(context=dict(env.context, allowed_company_ids=company.ids))
    else:
        env, company = indian_company(env, name)
        env.ref("base.user_admin").company_ids |= company
    partners, products = {}, {}
    for key, (name, state_code, gstin, treatment) in BUYERS.items():
        state, ref = env.ref(f"base.state_{state_code}"), f"BENCH-GSTR1-{key}"
        values = {"name": name, "is_company": True, "ref": ref, "state_id": state.id, "city": "Bench"}
        values.update(country_id=state.country_id.id, l10n_in_gst_treatment=treatment)
        values["vat"] = gstin + compute_check_character(gstin) if gstin else False
        partners[key] = find_or_create(env["res.partner"], [("ref", "=", ref)], values)
    for key, (name, kind, hsn, price) in PRODUCTS.items():
        values = {"name": name, "type": kind, "l10n_in_hsn_code": hsn, "list_price": price}
        values["default_code"] = code = f"BENCH-GSTR1-{key}"
        products[key] = find_or_create(env["product.product"], [("default_code", "=", code)], values)
    port = {"code": "INBLR4", "name": "Bengaluru ICD", "state_id": env.ref("base.state_in_ka").id}
    port = env["l10n_in.port.code"].search([], limit=1) or env["l10n_in.port.code"].create(port)
    return env, company, partners, products, port


def make_templates(env, partners, products, port):
    """The month's 18 documents made by the ORM and posted: amounts, taxes and tags as Odoo computes them."""
    chart = env["account.chart.template"]

    def lines(spec, quantity=None):
        commands = []
        for product, number, *taxes in (line.split() for line in spec.split(";")):
            taxes = [Command.set([chart.ref(tax).id for tax in taxes])]
            line = {"product_id": products[product].id, "price_unit": products[product].list_price}
            commands.append(Command.create({**line, "quantity": quantity or float(number), "tax_ids": taxes}))
        return commands

    values = []
    for index, (_table, buyer, spec) in enumerate(INVOICES):
        day = MONTH + timedelta(days=index)
        values.append({"move_type": "out_invoice", "partner_id": partners[buyer].id, "invoice_date": day})
        values[-1]["invoice_line_ids"] = lines(spec)
        if buyer == "us":
            values[-1].update(l10n_in_shipping_bill_number=f"70{index}", l10n_in_shipping_bill_date=day)
            values[-1]["l10n_in_shipping_port_code_id"] = port.id
    invoices = env["account.move"].create(values)
    invoices.action_post()
    notes = []  # as the reversal wizard makes them, less lines and quantity
    for _table, index, quantity in CREDIT_NOTES:
        notes.append({"move_type": "out_refund", "partner_id": invoices[index].partner_id.id})
        notes[-1].update(reversed_entry_id=invoices[index].id, invoice_date=MONTH + timedelta(days=19))
        notes[-1]["invoice_line_ids"] = lines(INVOICES[index][2].split(";")[0], quantity)
    notes = env["account.move"].create(notes)
    notes.action_post()
    env.flush_all()
    return invoices | notes


def insert_copies(cr, table, source, overrides):
    """INSERT INTO ``table`` a copy of its row ``t`` for each row of ``source``, with ``overrides``."""
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
    names = [name for (name,) in cr.fetchall()]
    targets = ", ".join(f'"{name}"' for name in names)
    values = ", ".join(overrides.get(name, f't."{name}"') for name in names)
    cr.execute(f"INSERT INTO {table} ({targets}) SELECT {values} FROM {source}")


COPIES = """
CREATE TEMP TABLE bench_gstr1_moves AS
  WITH template AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, sequence_prefix, invoice_date,
                           max(sequence_number) OVER (PARTITION BY sequence_prefix) AS last,
                           length(name) - length(sequence_prefix) AS digits
                      FROM account_move WHERE id IN %(ids)s),
       copy AS (SELECT g.n, t.*, %(month)s::date + mod(g.n, %(days)s) AS day
                  FROM generate_series(0, %(copies)s - 1) AS g(n) JOIN template t ON t.k = mod(g.n, %(k)s)),
       numbered AS (SELECT *, last + row_number() OVER (PARTITION BY sequence_prefix ORDER BY day, n) AS number
                      FROM copy)
SELECT nextval('account_move_id_seq') AS move_id, id AS template_id, day, day - invoice_date AS shift,
       number, sequence_prefix || lpad(number::text, greatest(digits, length(number::text)), '0') AS name
  FROM numbered;
CREATE TEMP TABLE bench_gstr1_lines AS
SELECT nextval('account_move_line_id_seq') AS line_id, l.id AS template_line_id, b.*
  FROM bench_gstr1_moves b JOIN account_move_line l ON l.move_id = b.template_id
"""
RELATIONS = """
INSERT INTO account_move_line_account_tax_rel (account_move_line_id, account_tax_id)
SELECT b.line_id, r.account_tax_id FROM bench_gstr1_lines b
  JOIN account_move_line_account_tax_rel r ON r.account_move_line_id = b.template_line_id;
INSERT INTO account_account_tag_account_move_line_rel (account_move_line_id, account_account_tag_id)
SELECT b.line_id, r.account_account_tag_id FROM bench_gstr1_lines b
  JOIN account_account_tag_account_move_line_rel r ON r.account_move_line_id = b.template_line_id;
DROP TABLE bench_gstr1_moves, bench_gstr1_lines;
ANALYZE account_move, account_move_line, account_move_line_account_tax_rel
"""


def copy_documents(env, templates, count):
    """Copy the templates (moves, journal items, their taxes and tags) until the month holds ``count``
    documents: numbers after each series' last one, in date order; dates spread over the month."""
    cr, days = env.cr, (MONTH + relativedelta(months=1) - MONTH).days
    arguments = {"ids": tuple(templates.ids), "month": MONTH, "days": days, "k": len(templates)}
    cr.execute(COPIES, {**arguments, "copies": count - len(templates)})
    moves = {"id": "b.move_id", "name": "b.name", "sequence_number": "b.number", "date": "b.day"}
    moves.update(invoice_date="b.day", invoice_date_due="t.invoice_date_due + b.shift", access_token="NULL")
    moves["payment_reference"] = "CASE WHEN t.payment_reference IS NULL THEN NULL ELSE b.name END"
    moves["l10n_in_shipping_bill_date"] = "t.l10n_in_shipping_bill_date + b.shift"
    insert_copies(
        cr, "account_move", "bench_gstr1_moves b JOIN account_move t ON t.id = b.template_id", moves
    )
    lines = {"id": "b.line_id", "move_id": "b.move_id", "move_name": "b.name", "date": "b.day"}
    lines.update(invoice_date="b.day", date_maturity="t.date_maturity + b.shift")
    source = "bench_gstr1_lines b JOIN account_move_line t ON t.id = b.template_line_id"
    insert_copies(cr, "account_move_line", source, lines)
    cr.execute(RELATIONS)
    env["account.move"]._get_sequence_cache().clear()  # Odoo's next numbers come after the copies


def company_of(env, size):
    """The company of this size, its May 2025 holding ``size`` documents (its only ones): built when not."""
    env, company, partners, products, port = masters(env, f"{COMPANY} {size}")
    env.cr.execute(
        "SELECT count(*) FROM account_move WHERE company_id = %s AND state = 'posted'", [company.id]
    )
    if env.cr.fetchone()[0] == size and not ARGUMENTS.rebuild:
        print(f"reusing the {size} documents of {company.name}")
        return company
    started = time.perf_counter()
    # Odoo reconciles each credit note with its invoice; journal items go with their moves.
    clear = "DELETE FROM account_partial_reconcile WHERE company_id = %(c)s; DELETE FROM account_move WHERE company_id = %(c)s"
    env.cr.execute(clear, {"c": company.id})
    copy_documents(env, make_templates(env, partners, products, port), size)
    print(f"built the {size} documents of {company.name} in {time.perf_counter() - started:.1f} s")
    return company


def expected_tables(size):
    """{table: documents} of the copies (template k is copied for n % 18 == k) and the templates."""
    tables, counts = [row[0] for row in INVOICES + CREDIT_NOTES], {}
    for k, table in enumerate(tables):
        copies = size - len(tables)
        counts[table] = counts.get(table, 0) + 1 + copies // len(tables) + (k < copies % len(tables))
    return counts


def odoo_read(env, company):
    """The baseline: plain Odoo reading the month's documents and their product lines' totals by tax."""
    domain = [("company_id", "=", company.id), ("move_type", "in", MOVE_TYPES), ("state", "=", "posted")]
    domain += [("invoice_date", ">=", MONTH), ("invoice_date", "<", MONTH + relativedelta(months=1))]
    fields = ["name", "partner_id", "invoice_date", "amount_untaxed", "amount_tax", "amount_total"]
    env["account.move"].search_read(domain, fields)
    lines = [("move_id", "any", domain), ("display_type", "=", "product")]
    env["account.move.line"].read_group(lines, ["balance:sum", "quantity:sum"], ["tax_ids"], lazy=False)


def timed(env, function):
    """Seconds of one call from an empty record cache, writing what it stored included."""
    env.invalidate_all()
    started = time.perf_counter()
    function()
    env.flush_all()
    return time.perf_counter() - started


def measure(gstr1):
    """(baseline s, compute s, export s or None, refusal message, {table: documents}, refused)."""
    env = gstr1.env
    samples = [
        (timed(env, lambda: odoo_read(env, gstr1.company_id)), timed(env, gstr1.action_compute))
        for _round in range(ARGUMENTS.repeat)
    ]
    tables = {section.section: section.document_count for section in gstr1.section_ids}
    refused = len(gstr1.refusal_ids)
    try:
        with env.cr.savepoint():
            exported, refusal = timed(env, gstr1.action_export), ""
    except UserError as error:
        exported, refusal = None, str(error).splitlines()[0]
    baseline, compute = (statistics.median(sample[i] for sample in samples) for i in (0, 1))
    return baseline, compute, exported, refusal, tables, refused


def main():
    sizes = sorted(int(size) for size in ARGUMENTS.sizes.split(",") if size)
    sizes = sizes or [ARGUMENTS.invoices // 5, ARGUMENTS.invoices // 2, ARGUMENTS.invoices]
    odoo.tools.config.parse_config(["-c", ARGUMENTS.odoo_config, *ARGUMENTS.odoo_option])
    with Registry(ARGUMENTS.database).cursor() as cr:
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            companies = {size: company_of(env, size) for size in sizes}
            if ARGUMENTS.database != SHARED_DATABASE:
                cr.commit()
            admin, returns = env.ref("base.user_admin"), {}
            for size, company in companies.items():
                context = {"lang": "en_US", "tz": "UTC", "allowed_company_ids": company.ids}
                gstr1 = api.Environment(cr, admin.id, context)["oms.gstr1.return"]
                returns[size] = gstr1.create({"period_start": MONTH})
            odoo_read(returns[sizes[0]].env, companies[sizes[0]])  # warm-up: registry caches, imports
            returns[sizes[0]].action_compute()
            rows = {size: measure(returns[size]) for size in sizes}
            if ARGUMENTS.profile:
                profile = cProfile.Profile()
                timed(env, lambda: profile.runcall(returns[sizes[-1]].action_compute))
                for order in ("cumulative", "tottime"):
                    pstats.Stats(profile).sort_stats(order).print_stats(25)
        finally:
            cr.rollback()  # the returns are not kept
    report(sizes, rows)


def report(sizes, rows):
    print(f"May 2025: {'documents':>9} {'odoo':>8} {'compute':>8} {'docs/s':>7} {'ratio':>6} {'export':>8}")
    target, mismatches = f"< {TARGET_SECONDS:.0f} s up to {TARGET_INVOICES:,} invoices", 0
    for size, (baseline, compute, exported, refusal, tables, refused) in rows.items():
        shown = f"{exported:7.2f}s" if exported is not None else f"refused: {refusal}"
        ratio, rate = compute / baseline, size / compute
        print(f"{size:19d} {baseline:7.2f}s {compute:7.2f}s {rate:7.0f} {ratio:6.1f} {shown:>8}")
        expected = expected_tables(size)
        mismatches += refused + sum(abs(tables.get(k, 0) - expected.get(k, 0)) for k in {*tables, *expected})
        print(f"{'':10}tables {dict(sorted(tables.items()))}, {refused} refused (built: {expected})")
        for name, figure in (("compute", compute), ("export", exported)):
            passed = figure is not None and figure < TARGET_SECONDS * max(1, size / TARGET_INVOICES)
            result(
                f"GSTR-1 {name}, {size} documents", figure, "s", target, passed, baseline=baseline, work=size
            )
    result("GSTR-1: documents not in their table", mismatches, "documents", "0", not mismatches, kind="check")
    for small, large in [*itertools.pairwise(sizes), *([(sizes[0], sizes[-1])] if len(sizes) > 2 else [])]:
        exponent = math.log(rows[large][1] / rows[small][1]) / math.log(large / small)
        verdict = "PASS" if exponent <= TARGET_EXPONENT else "FAIL"
        print(
            f"growth exponent of compute, {small} -> {large}: {exponent:.2f} (<= {TARGET_EXPONENT}) {verdict}"
        )
    if len(sizes) > 1:
        name, target = f"GSTR-1 compute growth exponent, {sizes[0]} to {sizes[-1]}", f"<= {TARGET_EXPONENT}"
        result(name, exponent, "", target, exponent <= TARGET_EXPONENT, kind="check", work=sizes[-1])


main()
