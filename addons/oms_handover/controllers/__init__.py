from . import portal
from . import replica
