"""One key space: exact, prefix, and fuzzy matches through trigram candidates."""

from herbkb import keyspace


def space_of(keys: list[str], *, han: bool = False) -> keyspace.KeySpace:
    space = keyspace.KeySpace(han=han)
    for i, key in enumerate(keys):
        space.add(key, i)
    space.finish()
    return space


def test_exact_and_prefix() -> None:
    space = space_of(["duong qui", "duong qui nhat", "dang sam"])
    assert space.entries("duong qui") == [0]
    assert list(space.prefixed("duong")) == ["duong qui", "duong qui nhat"]


def test_small_spaces_are_scanned_and_large_ones_use_trigram_candidates() -> None:
    names = [f"cay thuoc so {i:05d}" for i in range(keyspace.SCAN_MAX + 500)] + ["duong qui"]
    space = space_of(names)
    assert space._starts is not None  # the trigram path
    assert space.similar("duong quii", cutoff=80, limit=3)[0][0] == "duong qui"
    assert space.similar("cay thuoc so 12345x", cutoff=80, limit=1)[0][0] == "cay thuoc so 12345"


def test_keys_added_after_finish_are_found_by_prefix_and_fuzzy() -> None:
    names = [f"cay thuoc so {i:05d}" for i in range(keyspace.SCAN_MAX + 10)]
    space = space_of(names)
    space.add("xuien khung", 99_999)
    assert list(space.prefixed("xuien")) == ["xuien khung"]
    assert space.similar("xuien kung", cutoff=80, limit=1)[0][0] == "xuien khung"
    space.discard("xuien khung", 99_999)
    assert space.entries("xuien khung") == []


def test_large_han_spaces_find_near_names_through_shared_characters() -> None:
    # tens of thousands of Chinese names: a near miss is found among the keys that share its
    # characters, not by a scan of them all (which cost 25-40 ms a query at 50,000 herbs)
    chars = "甘草当归黄芪人参白术茯苓川芎地芍药柴胡桂枝麻杏仁石膏知母"  # 29 distinct
    names = [a + b + c for a in chars for b in chars for c in chars][: keyspace.SCAN_MAX + 500]
    names.append("酸枣仁")
    space = space_of(names, han=True)
    assert space._starts is not None  # the candidate path
    assert space.similar("酸枣仁汤", cutoff=80, limit=3)[0][0] == "酸枣仁"
    assert space.similar("熟地黄", cutoff=60, limit=3)  # shares 地黄 with many


def test_whole_words_in_any_order_shortest_name_first() -> None:
    space = space_of(["white peony root", "red peony root", "peony", "peonyroot", "tree peony"])
    shortest_first = ["tree peony", "red peony root", "white peony root"]
    assert space.containing("peony", limit=5) == shortest_first
    assert space.containing("root peony", limit=5) == ["red peony root", "white peony root"]
    assert space.containing("peon", limit=5) == []  # whole words only


def test_a_key_added_after_finish_shifts_no_candidate_and_is_found_by_its_words() -> None:
    names = [f"cay thuoc so {i:05d}" for i in range(keyspace.SCAN_MAX + 10)]
    space = space_of(names)
    space.add("aaa thuoc", 99_999)  # sorts first: every finished row would move by one
    assert space.similar("cay thuoc so 12345x", cutoff=80, limit=1)[0][0] == "cay thuoc so 12345"
    assert space.containing("so 00007", limit=2) == ["cay thuoc so 00007"]
    assert "aaa thuoc" in space.containing("thuoc", limit=len(names) + 1)


def test_han_keys_are_found_inside_longer_names() -> None:
    space = space_of(["芍药", "白芍药", "赤芍药根", "甘草"], han=True)
    assert space.containing("芍药", limit=5) == ["白芍药", "赤芍药根"]
