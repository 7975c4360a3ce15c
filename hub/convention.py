"""Facts fixed by the Convention's text that the site computes with.

Article 31: the Convention entered into force on the ninetieth day after the deposit of the
fiftieth instrument (deposited 18 May 2017, so 16 August 2017). For a State or regional
economic integration organisation depositing later, it enters into force on the ninetieth
day after that deposit; for one that deposited earlier, on 16 August 2017.
"""

from datetime import date, timedelta

FIFTIETH_INSTRUMENT_DEPOSITED = date(2017, 5, 18)
DAYS_TO_ENTRY_INTO_FORCE = 90
CONVENTION_ENTERED_INTO_FORCE = FIFTIETH_INSTRUMENT_DEPOSITED + timedelta(days=DAYS_TO_ENTRY_INTO_FORCE)


def entry_into_force(deposit_date):
    """The date the Convention enters into force for a Party that deposited on `deposit_date` (Art. 31)."""
    if deposit_date is None:
        return None
    if deposit_date <= FIFTIETH_INSTRUMENT_DEPOSITED:
        return CONVENTION_ENTERED_INTO_FORCE
    return deposit_date + timedelta(days=DAYS_TO_ENTRY_INTO_FORCE)
