"""Sentence starts the parser must not miss: paragraph breaks and quoted sentence ends."""


def sentence_starts(extractor, text):
    return [s[0].text for s in extractor.nlp(text).sents]


def test_headline_without_full_stop_is_its_own_sentence(extractor):
    text = "Mayor Backs New Bridge\n\nThe council said the bridge would open in May."
    assert sentence_starts(extractor, text) == ["Mayor", "The"]


def test_full_stop_inside_closing_quote_ends_the_sentence(extractor):
    text = 'He called it "a dark day for the town[.]" She went on to say the vote was rushed.'
    assert sentence_starts(extractor, text)[-1] == "She"


def test_comma_inside_closing_quote_does_not_end_the_sentence(extractor):
    text = '"The vote was rushed," She Li said.'
    assert sentence_starts(extractor, text) == ['"']
