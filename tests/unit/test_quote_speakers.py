"""Quotations, issue 21: attribution on sentences of the shared corpus that went wrong, speakers named whether listed or
not, and the tables a reader can check (who is quoted off the list, candidates for the list, the longest quotations)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.measures.quotes.extract import find_quotes
from analysis.measures.quotes.speakers import person_keys
from analysis.measures.quotes.tables import UNNAMED_SPEAKERS, candidate_speakers, longest_quotes, quote_counts, speaker_persons

# The listed people of the sentences below, as the shipped list writes them.
ACTORS = [
    {"name": "Jens Stoltenberg", "role": "NATO Secretary General", "country": "NATO", "aliases": ["Stoltenberg"]},
    {"name": "Volodymyr Zelensky", "role": "President of Ukraine", "country": "Ukraine", "aliases": ["Zelensky"]},
    {"name": "Lloyd Austin", "role": "US Secretary of Defense", "country": "US", "aliases": ["Secretary Austin"],
     "anchored": ["Austin"]},
    {"name": "Marco Rubio", "role": "US senator", "country": "US", "aliases": ["Rubio"]},
    {"name": "Donald Trump", "role": "US President", "country": "US", "aliases": ["Trump"]},
    {"name": "Dmytro Kuleba", "role": "Ukrainian Foreign Minister", "country": "Ukraine", "aliases": ["Kuleba"]},
    {"name": "Joe Biden", "role": "US President", "country": "US", "aliases": ["Biden"]},
    {"name": "Dmitry Peskov", "role": "Kremlin spokesman", "country": "Russia", "aliases": ["Peskov"]},
]


def quotes_of(text: str) -> pd.DataFrame:
    found = find_quotes(pd.DataFrame({"doc_id": ["t"], "text": [text]}), ACTORS, progress=False)
    return found.astype(object).where(found.notna(), None)


def rows(text: str) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, first words of the quotation, actor, person) of every quotation in ``text``."""
    return [(q.kind, q.quote, q.actor, q.speaker) for q in quotes_of(text).itertuples()]


def test_a_pronoun_continues_the_unlisted_speaker_named_last():
    # Daily Mirror, doc 6971: the listed Stoltenberg is quoted, then the unlisted Khodaryonok, then "He"
    text = ('Mikhail Khodaryonok, a retired Soviet colonel, has given a damning assessment on Russian state TV. '
            'At a meeting of foreign ministers, Stoltenberg said: "Russia\'s war in Ukraine is not going as Moscow had planned." '
            'Khodaryonok reminded Russian viewers that "European aid will fully come into effect, so a million armed '
            'Ukrainian soldiers need to be viewed as a reality of the very near future." He surmised that the situation '
            'for Russians will "frankly get worse" and he warned that sooner or later the reality of history will hit '
            'Russians "so hard" that they will regret it.')
    found = rows(text)
    assert found[0][2:] == ("Jens Stoltenberg", "Jens Stoltenberg")
    assert [(q[:10], a, p) for _, q, a, p in found[1:]] == [
        ("European a", None, "Mikhail Khodaryonok"), ("frankly ge", None, "Mikhail Khodaryonok"),
        ("so hard", None, "Mikhail Khodaryonok")]


# (text from the shared corpus, the doc; [(first words, actor, person)])
CONSTRUCTIONS = [
    pytest.param('"Firefighters can\'t start extinguishing the fire at the plant," the agency quoted the ministry as saying.',
                 [("Firefighters can't", None, None, "the ministry")], id="quoted X as saying (2530)"),
    pytest.param('President Volodymyr Zelensky has issued a stark warning to Moscow, declaring that "history will put '
                 'everything in its place" as Ukrainian troops swept through the northeastern region of Kharkiv.',
                 [("history will put", "Volodymyr Zelensky", "Volodymyr Zelensky", "President Volodymyr Zelensky")],
                 id="a participle's subject is the clause's (10784)"),
    pytest.param("The San Francisco 49ers have been hit by a ransomware attack, with cybercriminals claiming they stole some "
                 "of the football team's financial data.",
                 [("they stole some", None, None, "cybercriminals")], id="with X claiming (1347)"),
    pytest.param("The senior official again warned Russia could use a false pretext for an attack.",
                 [("Russia could use", None, None, "The senior official")], id="warned Russia could (1405)"),
    pytest.param('"Not that we don\'t do a pretty good job of it on our own," Rubio quipped.',
                 [("Not that we", "Marco Rubio", "Marco Rubio", "Rubio")], id="quipped (479)"),
    pytest.param('George Stephanopoulos questioned Cotton. "Are you prepared to condemn that kind of rhetoric from the leader of your party?" '
                 'Stephanopoulos grilled.',
                 [("Are you prepared", None, "George Stephanopoulos", "Stephanopoulos")], id="grilled (2103)"),
    pytest.param("Sanctions have worked in past situations, he agreed, but they haven't halted the violence in Ukraine.",
                 [("Sanctions have worked", None, None, "he")], id="a parenthetical agreed (3488)"),
    pytest.param('"There\'s no reason that this situation has to devolve into conflict," Secretary Austin said during a '
                 "briefing with reporters.",
                 [("There's no reason", "Lloyd Austin", "Lloyd Austin", "Secretary Austin")],
                 id="said during a briefing: no quotation (1115)"),
    pytest.param("Kuleba's tweet said: \"Russian army is firing from all sides upon Zaporizhzhia NPP.\"",
                 [("Russian army is", "Dmytro Kuleba", "Dmytro Kuleba", "Kuleba's tweet")], id="a statement's owner (2530)"),
    pytest.param('"Russian army is firing from all sides upon Zaporizhzhia NPP," Kuleba\'s tweet said. "Fire has already broke '
                 'out."', [("Russian army is", "Dmytro Kuleba", "Dmytro Kuleba", "Kuleba's tweet"),
                          ("Fire has already", "Dmytro Kuleba", "Dmytro Kuleba", "Kuleba's tweet")],
                 id="an apostrophe in a word between quotations is no quotation mark (2530)"),
    pytest.param("Denys Monastyrsky, Ukraine's internal affairs minister, told journalists that security forces were using "
                 "the Chernobyl exclusion zone.",
                 [("security forces were", None, "Denys Monastyrsky", "Denys Monastyrsky, Ukraine's internal affairs minister")],
                 id="a possessive apposition after the name (1241)"),
    pytest.param("Mayorkas, when asked, said he has not communicated with the former president about taking the temperature of "
                 "the rhetoric down.", [("he has not communicated", None, None, "Mayorkas")], id="X, when asked, said (12418)"),
    pytest.param("Secretary of Defense Gen. Lloyd Austin argued that the threat of Russian invasion in Ukraine is important for "
                 "maintaining international order. Austin reiterated Biden's pledge that U.S. troops stationed in the region "
                 'are not there to engage in Ukraine\'s defense. He said he believes "our troops will be fine" in the event of a '
                 "military invasion.",
                 [("the threat of Russian", "Lloyd Austin", "Lloyd Austin", "Secretary of Defense Gen. Lloyd Austin"),
                  ("U.S. troops stationed", "Lloyd Austin", "Lloyd Austin", "Austin"),
                  ("our troops will be fine", "Lloyd Austin", "Lloyd Austin", "He")],
                 id="said he believes: the words are the reporting speaker's (1536)"),
    pytest.param('"I think there are several approaches to try to resolve all these issues," Dmitriev said. He said Moscow '
                 'insists on finding a long-term solution — "this is what is needed because we are also thinking about global '
                 'security."',
                 [("I think there", None, None, "Dmitriev"), ("this is what is needed", None, None, "He")],
                 id="said X insists: the quoted words are the reporting speaker's (seed 004)"),
    pytest.param("Russia continues to claim that it has no intention of invading neighboring Ukraine, but President Biden said "
                 "Friday that he is confident that Russian President Vladimir Putin has decided to invade Ukraine.",
                 [("it has no intention", None, None, "Russia continues to"),
                  ("he is confident", "Joe Biden", "Joe Biden", "President Biden")],
                 id="continues to claim: one clause (1536)"),
    pytest.param("Refugee charities have said the sponsorship scheme, called Homes for Ukraine, could be exploited by predatory "
                 'hosts, though the government insists that all hosts are subject to "security and criminal checks".',
                 [("the sponsorship scheme", None, None, "Refugee charities"),
                  ("security and criminal checks", None, None, "the government")],
                 id="a clause ends where a later speaker's quoted words begin (7681)"),
    pytest.param("Ukraine's Obozrevatel news website quotes a soldier named Vlad Ivanov who said Starikova was given medical "
                 "treatment when captured.", [("Starikova was given", None, "Vlad Ivanov", "Vlad Ivanov")],
                 id="the person before who said (4353)"),
    pytest.param('The actor appeared in films including "Meeting Of Classmates," "The Fight Rules," "Selfie Party" and '
                 '"Zvychayna Sprava," Deadline reported.', [("The actor appeared", None, None, "Deadline")],
                 id="a reported clause ending in quoted titles (2912)"),
    pytest.param("Within Europe, 55% of those surveyed for the Alliance of Democracies said they were in favour of cutting "
                 "economic ties with Russia. Nearly half (46%) globally said that the European Union, United States and Nato "
                 "were doing too little to assist Ukraine, while 11% said they are doing too much.", [],
                 id="shares of those polled are data, not speakers (7472)"),
    pytest.param("Milley told reporters that Russia has gathered upwards of 100,000 forces near Ukraine's borders. He also listed "
                 "the capabilities such as ground maneuver forces, ballistic missiles, air force and said civilians could suffer "
                 "if war were to break out in the scale and scope possible.",
                 [("Russia has gathered", None, None, "Milley"), ("civilians could suffer", None, None, "He")],
                 id="He also listed … and said: He (1115)"),
    pytest.param("But the official speaking a day later largely discounted those prospects while still saying talks would "
                 "continue.", [("talks would continue", None, None, "the official speaking a day later")],
                 id="But X … while still saying (1405)"),
    pytest.param("Reacting to the court's ruling on Thursday, and the years-long campaign by activists for the laws to be "
                 "strengthened on domestic violence, Kremlin spokesman Dmitry Peskov was dismissive, saying Russia's leaders "
                 '"believe current legislation provides all necessary tools to combat this evil."',
                 [("believe current", "Dmitry Peskov", "Dmitry Peskov", "Kremlin spokesman Dmitry Peskov")],
                 id="a participle's subject after an opening phrase with and (797)"),
    pytest.param("A staggering 50,000 Russian troops have been killed or wounded in Vladimir Putin\u2019s war on Ukraine, Britain\u2019s "
                 "top military officer revealed.",
                 [("A staggering 50,000", None, None, "Britain\u2019s top military officer")],
                 id="a possessive speaker after the clause is no apposition (8986)"),
    pytest.param("Washington \u2014 The Senate unanimously confirmed William Burns as the next director of the CIA on Thursday, "
                 "weeks after the Senate Intelligence Committee advanced his nomination.", [],
                 id="confirmed X as: an object and its role (502)"),
    pytest.param("President Biden on Thursday said the United States is imposing what he said would be crushing sanctions on "
                 "Russia for waging war on Ukraine, denouncing President Vladimir V. Putin of Russia for launching a \u201cbrutal "
                 "assault on the people of Ukraine\u201d overnight.",
                 [("the United States is imposing", "Joe Biden", "Joe Biden", "President Biden on Thursday"),
                  ("brutal assault", "Joe Biden", "Joe Biden", "he")],
                 id="a reported clause up to the relative clause of its own quoted words (1839)"),
    pytest.param('President Joe Biden warned Thursday that "every indication" leads him to believe Russia could invade Ukraine in '
                 "the coming days.", [('every indication" leads him', "Joe Biden", "Joe Biden", "President Joe Biden")],
                 id="an infinitive does not cut the clause (1459)"),
    pytest.param("The announcements, delivered on an early evening briefing call, painted a stark picture as the US and Europe "
                 "wait on tenterhooks for Putin to signal his intentions.", [], id="a briefing call is a noun (1405)"),
    pytest.param('But there is a major caveat that the spokesman admitted has fallen on "deaf" government ears.',
                 [("deaf", None, None, "the spokesman")], id="the subject after that (9228)"),
    pytest.param("The arms that the US and its allies continue to send to Ukraine will not have an impact on the outcome of "
                 "Russia's ongoing military operation, National Security Council Secretary Nikolay Patrushev said at a meeting "
                 "on Tuesday.",
                 [("The arms that the US and its allies continue to send to Ukraine will not have an impact on the outcome of "
                   "Russia's ongoing military operation", None, "Nikolay Patrushev",
                   "National Security Council Secretary Nikolay Patrushev")],
                 id="continue is no speaker of a clause inside (8691)"),
    pytest.param('Retaking Kherson would be "a major blow to the Russian war effort," Udi Greenberg, a professor of modern '
                 "European history at Dartmouth College, told NBC News on Thursday via the Signal messaging app.",
                 [("a major blow", None, "Udi Greenberg",
                   "Udi Greenberg, a professor of modern European history at Dartmouth College")],
                 id="a long apposition after the name (9270)"),
    pytest.param("A reporter questioned White House communications director Kate Bedingfield. "
                 "'S ' ' : A '- ' \"Absolutely not,\" Bedingfield responded. \"I think the words of the president here were "
                 'incredibly powerful."',
                 [("Absolutely not", None, "Kate Bedingfield", "Bedingfield"), ("I think the", None, "Kate Bedingfield", "Bedingfield")],
                 id="two words after scrape debris (4429)"),
    pytest.param('Trump discussed the Russia probe. TRUMP: "I learned a lot from Richard Nixon -- don\'t fire people."',
                 [("I learned a lot", "Donald Trump", "Donald Trump", "TRUMP")], id="a transcript label (200)"),
]


@pytest.mark.parametrize(("text", "expected"), CONSTRUCTIONS)
def test_speech_constructions(text, expected):
    found = quotes_of(text)
    assert [(q.quote[:len(words)], q.actor, q.speaker, q.speaker_text) for q, (words, *_) in
            zip(found.itertuples(), expected, strict=True)] == expected


TERMS = [
    pytest.param("On Monday, Russia launched fresh airstrikes on Kharkiv as the Kremlin sought to downplay Moscow's setback, "
                 'insisting that it would achieve all the goals of its "special military operation" in Ukraine.',
                 [("indirect", "it would achieve all the goals of its \"special military operation\" in Ukraine")],
                 id="a term inside the reported clause (10784)"),
    pytest.param("Former U.S. Ambassador to the U.N. Nikki Haley discusses Biden's foreign policy on 'America Reports.' "
                 'President Biden made clear Tuesday that there would not "be any American forces moving into Ukraine."',
                 [("partial", "be any American forces moving into Ukraine.")], id="a programme's title (1054)"),
    pytest.param('When publishers asked about the "anti-gay propaganda" bill\'s stipulations, nothing was said.', [],
                 id="a term naming the noun after it (12875)"),
    pytest.param('And as CNN has previously reported, US officials are aware that Russian military doctrine explicitly embraces '
                 'deception -- a concept known in Russian as "maskirovka," or "masking."',
                 [("indirect", 'US officials are aware that Russian military doctrine explicitly embraces deception -- a concept '
                               'known in Russian as "maskirovka," or "masking')],
                 id="a name after known as, and after or (1459)"),
    pytest.param('Peskov called the plan "a step in the right direction."',
                 [("partial", "a step in the right direction.")], id="words of judgement stay a quotation"),
]


@pytest.mark.parametrize(("text", "expected"), TERMS)
def test_quoted_terms_and_titles_are_not_quotations(text, expected):
    assert [(q.kind, q.quote) for q in quotes_of(text).itertuples()] == expected


def test_the_speaker_column_names_people_by_their_fullest_name():
    text = ('Kremlin spokesman Dmitry Peskov said the talks would go on. "We are ready," Peskov said. '
            'Oleksiy Kuleba, the governor of Kyiv Oblast, said the town "is almost destroyed." '
            '"It is a tragedy," Mr. Kuleba added. A U.S. official said the collision was minor.')
    found = quotes_of(text)
    assert found["speaker"].tolist() == ["Dmitry Peskov", "Dmitry Peskov", "Oleksiy Kuleba", "Oleksiy Kuleba", None]
    assert found["actor"].tolist() == ["Dmitry Peskov", "Dmitry Peskov", None, None, None]  # not the listed Dmytro Kuleba
    assert found["attribution"].tolist() == ["explicit"] * 5
    offsets = zip(found["speaker_start"], found["speaker_end"], found["speaker_text"], strict=True)
    assert all(text[s:e] == words for s, e, words in offsets)


def test_names_written_alone_join_the_one_fuller_name_across_articles():
    keys = person_keys(["Peskov", "Dmitry Peskov", "Khodaryonok", "Mikhail Khodaryonok", "Griner", "Brittney Griner",
                        "Cherelle Griner", "Andrei"])
    assert keys["Peskov"] == "Dmitry Peskov" and keys["Khodaryonok"] == "Mikhail Khodaryonok"
    assert keys["Griner"] == "Griner"  # two Griners: a name alone stays itself
    assert keys["Andrei"] == "Andrei"


# ------------------------------------------------------------------ tables

ARTICLES = pd.DataFrame({"doc_id": ["a", "b"], "source": ["A", "B"], "text": [
    'Mikhail Khodaryonok, a retired Soviet colonel, spoke on state TV. "They failed to take Kyiv and they are pulling back '
    'from Kharkiv, so the situation will get worse," Khodaryonok said. He added that the army was "exhausted". '
    'Zelensky said: "We will win."',
    '"We are ready to talk and we will keep talking as long as it takes," Peskov said. The Kremlin said the talks would go on. '
    'Dmitry Peskov, the Kremlin spokesman, was asked again. "Nothing has changed since Monday and nothing will," he said. '
    'Mr. Khodaryonok told a radio host that "the war is going badly."']})


@pytest.fixture(scope="module")
def quotes():
    return find_quotes(ARTICLES, ACTORS, progress=False)


def test_quote_counts_by_speaker_names_the_people_off_the_list(quotes):
    counts = quote_counts(quotes, ARTICLES, who="speaker", actors=ACTORS).set_index(["source", "speaker"])
    assert counts.loc[("A", "Mikhail Khodaryonok"), "n_quotes"] == 2 and not counts.loc[("A", "Mikhail Khodaryonok"), "listed"]
    # "Mr. Khodaryonok" in article b, never named in full there, joins the Khodaryonok of article a
    assert counts.loc[("B", "Mikhail Khodaryonok"), "n_quotes"] == 1
    assert counts.loc[("B", "Dmitry Peskov"), "listed"] and counts.loc[("B", UNNAMED_SPEAKERS), "n_quotes"] == 1
    assert counts.groupby("source")["share_of_quoted_words"].sum().round(9).eq(1).all()
    assert speaker_persons(quotes).isna().sum() == 1  # the Kremlin: no named person


def test_candidate_speakers_propose_the_people_off_the_list(quotes):
    candidates = candidate_speakers(quotes)
    assert candidates["candidate"].tolist() == ["Mikhail Khodaryonok"]
    assert candidates.loc[0, "n_quotes"] == 3 and candidates.loc[0, "n_articles"] == 2
    assert candidates.loc[0, "forms"] == "Khodaryonok | Mikhail Khodaryonok"
    assert candidate_speakers(quotes, min_quotes=4).empty


def test_longest_quotes_show_only_speakers_named_next_to_the_quotation(quotes):
    longest = longest_quotes(quotes, ARTICLES, n=5)
    # Peskov's "he said" quotation is longer but attributed through a pronoun: left out
    assert longest[["actor", "quote_rank", "speaker_text"]].values.tolist() == [
        ["Dmitry Peskov", 1, "Peskov"], ["Volodymyr Zelensky", 1, "Zelensky"]]
    assert longest.loc[0, "quote"] == "We are ready to talk and we will keep talking as long as it takes"  # whole
    assert longest.loc[0, "sentence"] == '"We are ready to talk and we will keep talking as long as it takes," Peskov said.'
    assert longest.loc[1, "sentence"] == 'Zelensky said: "We will win."'
    assert longest_quotes(quotes, ARTICLES, n=5, max_chars=20).loc[0, "quote"].endswith("\u2026")


def test_the_chart_and_caption_of_people_off_the_list(quotes):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis import viz

    counts = quote_counts(quotes, ARTICLES, who="speaker", actors=ACTORS)
    figs = viz.plot_unlisted_speakers(counts, {"A": "#0072B2", "B": "#D55E00"}, n=3)
    labels = [tick.get_text() for ax in figs[0].axes for tick in ax.get_yticklabels()]
    assert len(figs) == 1 and labels.count("Mikhail Khodaryonok") == 2  # one bar in each outlet's panel
    caption = viz.unlisted_speakers_caption(counts, n=3)
    off = counts.loc[~counts["listed"], "n_quoted_words"].sum() / counts["n_quoted_words"].sum()
    assert f"Off the list in all: {off:.0%} of the quoted words" in caption
    assert "Most quoted off the list: Mikhail Khodaryonok (" in caption
    plt.close("all")


def test_that_after_a_noun_opens_a_relative_clause_not_reported_speech():
    # doc 5080 of the corpus: "reports" is the noun, "that have claimed" its relative clause
    text = ("Reed for active tuberculosis, despite Russian-sponsored media reports that have claimed that they did so several "
            "times.")
    assert not [q for q in quotes_of(text).itertuples() if q.quote.startswith("have claimed")]
    assert rows("CNN reports that officials were briefed on the plan.")[0][:2] == ("indirect", "officials were briefed on the plan")
