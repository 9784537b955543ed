"""Near-duplicate clusters: the same wire story republished by several outlets."""

from __future__ import annotations

import random
from itertools import combinations, pairwise

import numpy as np

from framing.corpus.dedup import (
    BANDS,
    MAX_BUCKET,
    BandIndex,
    _candidate_pairs,
    jaccard,
    jaccards,
    joined_shingles,
    near_duplicate_clusters,
    shingles,
)

WIRE = """The interior ministers of Morocco and Spain met in Madrid on Tuesday to review \
their cooperation on migration, border control and the fight against smuggling networks \
operating across the Strait of Gibraltar.

Officials said the two delegations agreed to expand joint patrols and to share data \
more quickly, after a year in which irregular crossings fell sharply on the western \
Mediterranean route.

The ministers also discussed the security of the 2030 World Cup, which the two countries \
will host together with Portugal, and the training of police officers for large events.

The next meeting is planned for the spring in Rabat, where a new protocol on the exchange \
of liaison officers is expected to be signed, the Spanish ministry said in a statement."""

# Another article on the same event, written independently.
OTHER_ON_SAME_EVENT = """Spain's interior minister received his Moroccan counterpart in \
Madrid, in talks that both sides described as productive. Madrid praised Rabat's role in \
reducing departures from its northern coast, while Moroccan officials asked for more \
European funding for surveillance equipment. Human rights groups criticised the meeting, \
saying that the partnership ignores the conditions of migrants held near the border. The \
ministers did not take questions from reporters after the session."""

AR_WIRE = """عقد وزيرا الداخلية في المغرب وإسبانيا يوم الثلاثاء في مدريد اجتماعا لتقييم \
التعاون بين البلدين في مجال الهجرة ومراقبة الحدود ومكافحة شبكات التهريب التي تنشط عبر مضيق \
جبل طارق. وقال مسؤولون إن الوفدين اتفقا على توسيع الدوريات المشتركة وتسريع تبادل المعطيات بعد \
سنة عرفت تراجعا كبيرا في محاولات العبور غير النظامي على طريق غرب المتوسط. ومن المرتقب أن يعقد \
الاجتماع المقبل في الرباط خلال فصل الربيع حيث سيتم التوقيع على بروتوكول جديد لتبادل ضباط الاتصال."""

AR_OTHER = """انتقدت جمعيات حقوقية في الرباط ومدريد اللقاء الذي جمع وزيري الداخلية، معتبرة أن \
الشراكة الأمنية تتجاهل أوضاع المهاجرين العالقين قرب الحدود. وطالبت هذه الجمعيات بفتح تحقيق \
مستقل في ظروف احتجاز المهاجرين، ودعت الحكومتين إلى نشر مضامين الاتفاقات الموقعة بينهما."""


def _republished(text: str) -> str:
    """A second outlet's copy: its own lede line, a few edits, and its own footer."""
    edited = (
        text.replace("on Tuesday", "on Tuesday afternoon")
        .replace("said in a statement", "said")
        .replace("sharply", "significantly")
    )
    return "MADRID (Agencies) -\n\n" + edited + "\n\nFollow our live coverage on the website."


def test_lightly_edited_copies_share_a_cluster():
    ids = ["d3", "d1", "d2"]
    texts = [WIRE, _republished(WIRE), OTHER_ON_SAME_EVENT]
    assert near_duplicate_clusters(ids, texts) == ["dup-d1", "dup-d1", ""]


def test_distinct_articles_on_the_same_event_do_not_cluster():
    assert near_duplicate_clusters(["a", "b"], [WIRE, OTHER_ON_SAME_EVENT]) == ["", ""]
    assert near_duplicate_clusters(["a", "b"], [AR_WIRE, AR_OTHER]) == ["", ""]


def test_arabic_copies_with_spelling_variants_cluster():
    # Another outlet: hamza-less alef and a different lede, which normalisation absorbs.
    variant = "مدريد - " + AR_WIRE.replace("إسبانيا", "اسبانيا").replace("الاجتماع", "الإجتماع")
    ids = ["ar-2", "ar-1", "x"]
    assert near_duplicate_clusters(ids, [variant, AR_WIRE, WIRE]) == ["dup-ar-1", "dup-ar-1", ""]


def test_clusters_are_transitive_and_named_by_the_smallest_id():
    first = WIRE
    second = _republished(WIRE)
    third = second.replace("Rabat, where", "the Moroccan capital, where")
    labels = near_duplicate_clusters(["m", "k", "z"], [first, second, third])
    assert labels == ["dup-k", "dup-k", "dup-k"]


def test_threshold_controls_what_counts_as_a_copy():
    paragraphs = WIRE.split("\n\n")
    half = "\n\n".join(paragraphs[:2])  # the first half of the story only
    assert near_duplicate_clusters(["a", "b"], [WIRE, half]) == ["", ""]
    assert near_duplicate_clusters(["a", "b"], [WIRE, half], threshold=0.4) == ["dup-a", "dup-a"]


def test_empty_and_short_texts_are_singletons_unless_identical():
    ids = ["a", "b", "c", "d"]
    texts = ["", "", "Breaking news", "Breaking news"]
    assert near_duplicate_clusters(ids, texts) == ["", "", "dup-c", "dup-c"]


def test_result_is_deterministic_and_independent_of_order():
    ids = ["a", "b", "c", "d", "e"]
    texts = [WIRE, OTHER_ON_SAME_EVENT, _republished(WIRE), AR_WIRE, AR_OTHER]
    first = near_duplicate_clusters(ids, texts)
    assert first == near_duplicate_clusters(ids, texts)
    order = [4, 2, 0, 3, 1]
    shuffled = near_duplicate_clusters([ids[i] for i in order], [texts[i] for i in order])
    assert dict(zip([ids[i] for i in order], shuffled, strict=True)) == dict(
        zip(ids, first, strict=True)
    )


def test_shingles_use_normalised_tokens():
    assert list(shingles("Le MAROC et l’Espagne")) == list(shingles("le maroc et l'espagne"))
    assert len(shingles("a b c d e f g", size=5)) == 3
    assert len(shingles("")) == 0
    x, y = shingles(WIRE), shingles(_republished(WIRE))
    assert 0.6 < jaccard(x, y) < 1.0


def test_candidates_come_from_lsh_not_all_pairs():
    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(5000)]
    texts = [" ".join(rng.choices(vocabulary, k=120)) for _ in range(400)]
    texts.append(texts[0].replace("word", "term", 3))
    pairs = _candidate_pairs([shingles(t) for t in texts])
    assert (0, 400) in pairs
    assert len(pairs) < 0.01 * (401 * 400 / 2)


def test_mismatched_inputs_are_rejected():
    import pytest

    with pytest.raises(ValueError, match="same length"):
        near_duplicate_clusters(["a"], [])


def test_candidate_pairs_are_the_pairs_of_each_bucket_and_a_chain_through_big_ones():
    # Band 0: buckets of 1, 2, 5 and MAX_BUCKET + 30 documents, interleaved; band 1: a
    # pair that band 0 already has and one it has not; a document without words.
    rng = np.random.default_rng(3)
    n = 1 + 2 + 5 + MAX_BUCKET + 30
    bucket_of = rng.permutation(np.repeat([10, 20, 30, 40], [1, 2, 5, MAX_BUCKET + 30]))
    keys = rng.integers(1, 2**62, size=(n, BANDS), dtype=np.uint64)  # elsewhere: distinct
    keys[:, 0] = bucket_of
    members = {b: np.flatnonzero(bucket_of == b).tolist() for b in (20, 30, 40)}
    keys[members[20], 1] = 99
    keys[[members[30][0], members[40][-1]], 1] = 77
    present = np.ones(n, dtype=bool)
    present[members[40][5]] = False  # its keys are never used
    index = BandIndex()
    index.add_rows(keys[:50], present[:50])
    for row in range(50, n):
        index.add(keys[row] if present[row] else np.empty(0, np.uint64))

    big = [i for i in members[40] if present[i]]
    expected = {*combinations(members[20], 2), *combinations(members[30], 2)}
    expected |= {(big[0], j) for j in big[1:]} | set(pairwise(big))
    expected.add(tuple(sorted((members[30][0], members[40][-1]))))
    assert len(index) == n
    assert index.candidate_pairs() == expected


def test_jaccards_of_many_pairs_are_those_of_each_pair(monkeypatch):
    import framing.corpus.dedup as dedup

    monkeypatch.setattr(dedup, "_PAIR_BATCH_SHINGLES", 100)  # many batches, in threads too
    rng = np.random.default_rng(11)
    sets = [np.unique(rng.integers(0, 2**32, size=k, dtype=np.uint64)) for k in (0, 1, 5, 300)]
    sets += [np.unique(np.concatenate([sets[3][:280], rng.integers(0, 2**32, 20, np.uint64)]))]
    sets += [np.unique(rng.integers(0, 40, size=30, dtype=np.uint64)) for _ in range(6)]
    first, second = np.array(list(combinations(range(len(sets)), 2))).T
    found = jaccards(*joined_shingles(sets), first, second)
    assert found.tolist() == [jaccard(sets[i], sets[j]) for i, j in zip(first, second, strict=True)]
    assert jaccards(*joined_shingles(sets), first, second, threads=3).tolist() == found.tolist()
    assert found.max() < 1 and (found > 0.6).any() and (found == 0).any()


def test_clusters_join_chains_of_similar_pairs_under_the_smallest_id():
    # a ~ b and b ~ c (republished with edits), a and c less alike; d alone.
    words = WIRE.split()
    b = words[:]
    b[10:14] = ["x1", "x2", "x3", "x4"]
    c = b[:]
    c[60:66] = ["y1", "y2", "y3", "y4", "y5", "y6"]
    texts = [" ".join(t) for t in (words, b, c)] + [OTHER_ON_SAME_EVENT]
    sets = [shingles(t) for t in texts]
    assert jaccard(sets[0], sets[1]) >= 0.6 and jaccard(sets[1], sets[2]) >= 0.6
    threshold = (jaccard(sets[0], sets[2]) + min(jaccard(sets[0], sets[1]),
                                                 jaccard(sets[1], sets[2]))) / 2  # fmt: skip
    ids = ["m", "k", "z", "a"]
    assert near_duplicate_clusters(ids, texts, threshold=threshold) == ["dup-k"] * 3 + [""]


def test_a_pair_exactly_at_the_threshold_is_checked_and_joined():
    # A inside B, |A| / |B| = J = threshold: the size bound must not skip the pair.
    # (7 >= 0.07 * 100 is false in floating point, 7 / 100 >= 0.07 is true.)
    for small, large, threshold in [(6, 10, 0.6), (9, 10, 0.9), (7, 100, 0.07), (3, 10, 0.3)]:
        b = np.arange(large, dtype=np.uint32) * 7
        sets = [b[:small], b, np.arange(large, dtype=np.uint32) + 1000]
        index = BandIndex()
        index.add_rows(np.ones((3, BANDS), dtype=np.uint64), [True, True, True])
        labels = index.clusters(["x", "y", "z"], *joined_shingles(sets), threshold=threshold)
        assert labels == ["dup-x", "dup-x", ""], (small, large)
