"""Near-duplicates: an exact copy, a copy with a new standfirst, a different story on the same topic; the shared corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.errors import CorpusError
from analysis.io.duplicates import (
    DUPLICATE_COLUMNS,
    REPRINT_COLUMNS,
    dedupe,
    jaccard,
    near_duplicates,
    reprint_pairs,
    reprint_sentence,
    shingle_hashes,
)
from tests.shapes import template_briefs

WIRE_STORY = (
    "Six more ships carrying agricultural cargo held up by the war in Ukraine received authorization on Sunday to leave "
    "the country's Black Sea coast. The loaded vessels were cleared to depart from Chornomorsk and Odesa, according to "
    "the Joint Coordination Center, which oversees an international deal intended to get some 20 million tons of grain "
    "out of Ukraine. Ukraine, Russia, Turkey and the United Nations signed the agreements last month to create a sea "
    "corridor that would allow cargo ships to travel safely out of ports that the Russian military had blockaded. "
    "Implementation of the deal, which is in effect for four months, has proceeded slowly since the first ship embarked. "
    "Four of the carriers cleared on Sunday were transporting more than 219,000 tons of corn. The fifth was carrying "
    "more than 6,600 tons of sunflower oil and the sixth 11,000 tons of soya, the center said. Three other cargo ships "
    "that left on Friday passed their inspections and received clearance to pass through the Bosporus Strait on the way "
    "to their final destinations. The vessel that left Ukraine last Monday as the first under the deal had its arrival "
    "in Lebanon delayed, according to a Lebanese Cabinet minister. The cause of the delay was not immediately clear."
)
NEW_STANDFIRST = (
    "Grain is moving again from Ukraine's ports, but slowly, as six more ships won clearance at the weekend while "
    "analysts warned of new fighting in the south."
)
SAME_TOPIC_STORY = (
    "Farmers in central Ukraine say the grain deal has come too late for this year's harvest, with silos still full of "
    "last season's wheat and prices at the farm gate falling. Oleksandr, who farms 2,000 hectares near Poltava, said he "
    "sold barley at a loss in July because he had nowhere to store it. Exporters say insurance costs for ships calling at "
    "Odesa remain far higher than before the war, which eats into what they can pay growers. The government has promised "
    "cheap credit for storage, but farmers say the money has not arrived. Some have switched to sunflowers, which fetch "
    "more per ton and are easier to sell to local crushers. Others are leaving fields fallow for the first time in decades. "
    "Officials in Kyiv insist that exports through the Black Sea corridor will pick up as more ships arrive."
)


def _articles(rows: list[tuple[str, str, str | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "source", "published", "text"]).assign(
        published=lambda t: pd.to_datetime(t["published"]))


def test_inline_texts_sit_on_the_expected_side_of_the_threshold():
    wire = shingle_hashes(WIRE_STORY)
    assert jaccard(wire, shingle_hashes(WIRE_STORY)) == 1.0
    assert jaccard(wire, shingle_hashes(NEW_STANDFIRST + " " + WIRE_STORY.split(". ", 1)[1])) > 0.6
    assert jaccard(wire, shingle_hashes(SAME_TOPIC_STORY)) < 0.05


@pytest.mark.parametrize(
    "copy_text, same_group",
    [
        (WIRE_STORY, True),  # exact copy
        (NEW_STANDFIRST + " " + WIRE_STORY.split(". ", 1)[1], True),  # the standfirst rewritten
        (WIRE_STORY.upper().replace("ODESA", "Odessa"), True),  # case and one spelling differ
        (SAME_TOPIC_STORY, False),  # a different story on the same topic
    ],
)
def test_a_later_copy_from_another_outlet_is_a_reprint(copy_text, same_group):
    articles = _articles([("ap1", "ABC News", "2022-08-07", WIRE_STORY), ("fox7", "Fox News", "2022-08-08", copy_text)])
    dups = near_duplicates(articles).set_index("doc_id")
    assert list(dups.reset_index().columns) == DUPLICATE_COLUMNS
    assert (dups.loc["fox7", "dup_group"] == "ap1") is same_group
    assert bool(dups.loc["fox7", "is_reprint"]) is same_group
    assert not dups.loc["ap1", "is_reprint"]
    if same_group:
        assert dups.loc["fox7", ["first_doc_id", "first_source", "reprint_of"]].tolist() == ["ap1", "ABC News", "ap1"]
        assert dups.loc["fox7", "similarity"] > 0.6
        assert dups["group_size"].tolist() == [2, 2]
    else:
        assert dups.loc["fox7", "first_doc_id"] == "fox7" and pd.isna(dups.loc["fox7", "reprint_of"])


def test_a_copy_from_the_same_outlet_groups_but_is_no_reprint():
    articles = _articles([("m1", "Daily Mail", "2022-08-07", WIRE_STORY), ("m2", "Daily Mail", "2022-08-08", WIRE_STORY + " Ends.")])
    dups = near_duplicates(articles).set_index("doc_id")
    assert dups["dup_group"].tolist() == ["m1", "m1"]
    assert not dups["is_reprint"].any()


def test_first_is_the_earliest_then_the_lower_id_in_natural_order_and_undated_last():
    articles = _articles([
        ("10", "CNN", "2022-08-07", WIRE_STORY),
        ("9", "CBS News", "2022-08-07", WIRE_STORY + " More."),
        ("1", "HuffPost", None, WIRE_STORY + " Later."),
        ("11", "NBC News", "2022-08-09", SAME_TOPIC_STORY),
    ])
    dups = near_duplicates(articles).set_index("doc_id")
    assert dups.loc[["10", "9", "1"], "first_doc_id"].tolist() == ["9", "9", "9"]
    assert dups.loc[["10", "1"], "reprint_of"].tolist() == ["9", "9"]
    assert dups.loc["11", "dup_group"] == "11"
    pairs = reprint_pairs(near_duplicates(articles), articles)
    assert list(pairs.columns) == REPRINT_COLUMNS
    assert pairs.set_index(["source", "reprinted_source"]).to_dict("index") == {
        ("CNN", "CBS News"): {"n_articles": 1, "n_same_day": 1},
        ("HuffPost", "CBS News"): {"n_articles": 1, "n_same_day": 0},
    }


def test_result_does_not_depend_on_row_order():
    articles = _articles([
        ("a", "ABC News", "2022-08-07", WIRE_STORY),
        ("b", "Fox News", "2022-08-08", NEW_STANDFIRST + " " + WIRE_STORY.split(". ", 1)[1]),
        ("c", "CNN", "2022-08-09", SAME_TOPIC_STORY),
        ("d", "CBS News", "2022-08-09", SAME_TOPIC_STORY + " Reporting by staff."),
    ])
    first = near_duplicates(articles).set_index("doc_id").sort_index()
    shuffled = near_duplicates(articles.iloc[[3, 1, 0, 2]]).set_index("doc_id").sort_index()
    pd.testing.assert_frame_equal(first, shuffled)


def test_dedupe_keeps_one_article_per_group_and_says_how_many_went():
    articles = _articles([("a", "ABC News", "2022-08-07", WIRE_STORY), ("b", "Fox News", "2022-08-08", WIRE_STORY),
                          ("c", "CNN", "2022-08-09", SAME_TOPIC_STORY)])
    dups = near_duplicates(articles)
    kept = dedupe(articles, dups)
    assert kept["doc_id"].tolist() == ["a", "c"]
    assert kept.attrs["deduplicated"] == 1
    assert reprint_sentence(dups) == ("1 article shares text with an earlier article from another outlet; "
                                      "1 group of near-duplicates (dedupe= counts each once).")


@pytest.mark.parametrize(
    "articles, options, message",
    [
        (pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), {}, "lack column"),
        (_articles([("a", "X", "2022-01-01", "x"), ("a", "Y", "2022-01-01", "y")]), {}, "more than once"),
        (_articles([("a", "X", "2022-01-01", "x")]), {"threshold": 0}, "threshold"),
        (_articles([("a", "X", "2022-01-01", "x")]), {"num_perm": 4}, "num_perm"),
    ],
)
def test_bad_input_is_refused(articles, options, message):
    with pytest.raises(CorpusError, match=message):
        near_duplicates(articles, **options)


@pytest.mark.slow
def test_sample_near_duplicates_are_the_pairs_counted_exhaustively(war_news_sample):
    """On the fixed sample, eight pairs share text (Jaccard of 5-word shingle sets >= 0.3), forming six groups.

    Checked by an exhaustive count of the shingles every pair of the sample's
    loaded texts shares (not MinHash): exactly these eight pairs reach 0.3, the
    next reaches 0.28. Reading them: two are AP stories under two mastheads the
    same day (HuffPost 8258 / NBC News 8259, Russia pounding eastern Ukraine, 0.40;
    Daily Mail 10216 / HuffPost 10235, Zaporizhzhia cut off from the grid, 0.33);
    the others are one outlet's articles reusing paragraphs of an earlier one
    (Daily Mail 9946, 9968, 10010 on the car bomb that killed Darya Dugina; Daily
    Mail 10068/10069 on energy bills; New York Times 1547/1577 on troops at the
    border; Fox News 2312/2442 on Biden's State of the Union slip).
    """
    dups = near_duplicates(war_news_sample.articles)
    pd.testing.assert_frame_equal(dups, war_news_sample.duplicates)  # what loading stores
    dups = dups.set_index("doc_id")
    grouped = dups[dups["group_size"] > 1]
    assert grouped.groupby("dup_group").size().to_dict() == {
        "10068": 2, "10216": 2, "1547": 2, "2312": 2, "8258": 2, "9946": 3}
    assert dups.index[dups["is_reprint"]].tolist() == ["8259", "10235"]
    assert dups.loc[["8259", "10235"], "reprint_of"].tolist() == ["8258", "10216"]
    assert dups.loc[["10069", "1577", "2442", "9968", "10010"], "is_reprint"].eq(False).all()


@pytest.mark.slow
@pytest.mark.parametrize("threshold", [0.3, 0.8])
def test_candidate_pairs_are_those_datasketchs_lsh_returns(war_news_sample, threshold):
    from datasketch import MinHash, MinHashLSH

    from analysis.io.duplicates import _LSH_MARGIN, _candidate_pairs

    hashes = [shingle_hashes(text) for text in war_news_sample.articles["text"]]
    minhashes = MinHash.bulk([h.tolist() for h in hashes], num_perm=128, seed=1, hashfunc=int)
    lsh = MinHashLSH(threshold=max(threshold - _LSH_MARGIN, 0.05), num_perm=128)
    for i, minhash in enumerate(minhashes):
        if len(hashes[i]):
            lsh.insert(i, minhash)
    expected = {(min(i, j), max(i, j)) for i, minhash in enumerate(minhashes) if len(hashes[i]) for j in lsh.query(minhash) if j != i}
    assert _candidate_pairs(hashes, threshold=threshold, num_perm=128, seed=1) == expected
    assert expected


@pytest.mark.heavy
def test_thousands_of_template_briefs_give_candidate_pairs_in_proportion_to_their_number():
    """A bucket of all the briefs would propose every pair (100,000 briefs made 12 GB of them); it proposes each
    brief's earliest and nearest earlier bucket mates only, so doubling the briefs about doubles the pairs."""
    from datasketch import MinHashLSH

    from analysis.io.duplicates import _LSH_MARGIN, BUCKET_LIMIT, _candidate_pairs

    bands = MinHashLSH(threshold=0.3 - _LSH_MARGIN, num_perm=128).b
    counts = {}
    for n in (800, 3200):
        hashes = [shingle_hashes(text) for text in template_briefs(n)["text"]]
        counts[n] = len(_candidate_pairs(hashes, threshold=0.3, num_perm=128, seed=1))
        assert counts[n] <= n * 2 * BUCKET_LIMIT * bands  # at most that many earlier bucket mates per band
    assert counts[3200] < 0.25 * 3200 * 3199 / 2
    assert counts[3200] / counts[800] < 6  # all pairs would grow 16-fold


def test_template_briefs_group_as_every_pair_checked_exhaustively_would():
    """The briefs' groups are the connected components of every pair at the threshold (checked exhaustively here);
    each reprint points to an earlier brief of another outlet that truly is a near-duplicate of it."""
    import itertools

    articles = template_briefs(300)
    dups = near_duplicates(articles).set_index("doc_id")
    hashes = {d: shingle_hashes(t) for d, t in zip(articles["doc_id"], articles["text"], strict=True)}
    root = {d: d for d in hashes}

    def find(d: str) -> str:
        while root[d] != d:
            d = root[d]
        return d

    for a, b in itertools.combinations(hashes, 2):
        if jaccard(hashes[a], hashes[b]) >= 0.3:
            root[find(a)] = find(b)
    exhaustive = pd.Series({d: find(d) for d in hashes})
    both = pd.DataFrame({"found": dups["dup_group"], "exhaustive": exhaustive.reindex(dups.index)})
    assert both["found"].nunique() == both["exhaustive"].nunique() == len(both.drop_duplicates())  # the same partition
    meta = articles.set_index("doc_id")
    reprints = dups[dups["is_reprint"]]
    assert len(reprints) > 250
    for late, early in reprints["reprint_of"].items():
        assert meta.at[early, "source"] != meta.at[late, "source"]
        assert (meta.at[early, "published"], int(early)) < (meta.at[late, "published"], int(late))
        assert jaccard(hashes[early], hashes[late]) >= 0.3
