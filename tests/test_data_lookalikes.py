"""Every name the bundled catalogue gives to two plants is a recorded look-alike: a user who
finds one of the herbs is told of the other and how to tell them apart (issue 13)."""

from herbkb import Catalogue
from herbkb.check import namesakes


def test_every_name_shared_by_two_plants_is_marked_confusable(bundled: Catalogue) -> None:
    pairs = namesakes(list(bundled.records()))
    unmarked = [f"{n.a} / {n.b}: {n.name}" for n in pairs if not n.marked]
    print(f"\none name, two plants: {len(pairs)} pairs, {len(unmarked)} not marked")
    assert pairs and unmarked == [], unmarked
