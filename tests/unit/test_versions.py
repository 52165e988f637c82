"""The one version check of every versioned write."""
import pytest

from werkstatt.commands.versions import Outcome, check_version
from werkstatt.errors import ConflictError


def test_the_version_the_form_saw_passes_and_none_means_no_check():
    check_version(3, 3, lambda: "nie gezeigt")
    check_version(None, 7, lambda: "nie gezeigt")


@pytest.mark.parametrize("expected, current", [(2, 3), (4, 3), (0, 1)])
def test_any_other_version_is_refused_with_the_message_and_the_newer_state(expected, current):
    with pytest.raises(ConflictError, match="inzwischen geändert") as refused:
        check_version(expected, current, lambda: "inzwischen geändert", {"status": "erledigt"})
    assert refused.value.current == {"status": "erledigt"}


def test_an_outcome_is_saved_unless_it_carries_a_refusal():
    assert Outcome("„A“", "erledigt", "„erledigt“.", version=2).saved
    assert not Outcome("„A“", "erledigt", "„erledigt“.", refusal="veraltet").saved
