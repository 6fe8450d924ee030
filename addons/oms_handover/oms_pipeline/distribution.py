"""Distribution runs: one draft order per customer of a distribution list, in one go.

A distribution list holds, per customer, the products and quantities a distributor sends out on each run
(a weekly route, a monthly allotment). A run turns the list into draft orders. A customer's order is made
whole or not at all: when one of its lines cannot be sold, the customer is refused with every reason, so
nobody receives half an order without noticing. Reasons:

- the customer is archived, or belongs to another company than the list's;
- a product is archived, not for sale, or belongs to another company;
- a quantity is not above zero.

Customers keep the order in which the list first names them; a customer's lines keep the list's order.
"""

from dataclasses import dataclass

# The core has no Odoo environment: `_` only marks templates for extraction (see messages._).
# pylint: disable=prefer-env-translation
from .messages import Message, _

MSG_CUSTOMER_ARCHIVED = _("%(customer)s is archived.")
MSG_CUSTOMER_OTHER_COMPANY = _("%(customer)s belongs to another company than the list's.")
MSG_PRODUCT_NOT_SOLD = _("%(product)s is archived or not for sale.")
MSG_PRODUCT_OTHER_COMPANY = _("%(product)s belongs to another company than the list's.")
MSG_QUANTITY = _("%(product)s: the quantity must be above zero (%(quantity)s).")


@dataclass(frozen=True)
class Party:
    """A customer or a product as the run sees it. ``company_id`` None: shared by every company."""

    id: int
    name: str
    active: bool = True
    company_id: int | None = None
    sale_ok: bool = True


@dataclass(frozen=True)
class ListLine:
    customer_id: int
    product_id: int
    quantity: float


@dataclass(frozen=True)
class CustomerPlan:
    customer_id: int
    lines: tuple  # ((product_id, quantity), ...) when the order is made
    refusals: tuple  # Messages when it is not

    @property
    def refused(self):
        return bool(self.refusals)


def _foreign(party, company_id):
    return party.company_id is not None and party.company_id != company_id


def _customer_refusals(customer, company_id):
    if not customer.active:
        yield Message(MSG_CUSTOMER_ARCHIVED, customer=customer.name)
    if _foreign(customer, company_id):
        yield Message(MSG_CUSTOMER_OTHER_COMPANY, customer=customer.name)


def _line_refusals(product, quantity, company_id):
    if not product.active or not product.sale_ok:
        yield Message(MSG_PRODUCT_NOT_SOLD, product=product.name)
    if _foreign(product, company_id):
        yield Message(MSG_PRODUCT_OTHER_COMPANY, product=product.name)
    if not quantity > 0:
        yield Message(MSG_QUANTITY, product=product.name, quantity=f"{quantity:g}")


def plan_run(lines, customers, products, company_id):
    """One :class:`CustomerPlan` per customer named by ``lines``, in the list's order.

    ``customers`` and ``products``: dicts of :class:`Party` by id, holding every id the lines name.
    """
    by_customer = {}
    for line in lines:
        by_customer.setdefault(line.customer_id, []).append(line)
    plans = []
    for customer_id, customer_lines in by_customer.items():
        refusals = list(_customer_refusals(customers[customer_id], company_id))
        for line in customer_lines:
            refusals.extend(_line_refusals(products[line.product_id], line.quantity, company_id))
        made = () if refusals else tuple((line.product_id, line.quantity) for line in customer_lines)
        plans.append(CustomerPlan(customer_id, made, tuple(dict.fromkeys(refusals))))
    return plans
