"""Names and time, for the rewrites: titles before names, place prepositions, weekdays,
months and the words around a relative day."""

from __future__ import annotations

from ._lists import words as _words

# Titles that make the next capitalised word a person's name ("Mr. Blinken"): a bare name after
# one is a person, not a place (:mod:`.stages.names`). A subset of TITLES, which also holds
# "state" and "foreign" (words that precede names without naming a person).
HONORIFICS = _words("mr mr. mrs mrs. ms ms. dr dr. president secretary minister senator governor")
# Before a bare capitalised word these make it a place ("in Blinken" would be a town): a word
# ever found after one is never taken for a person (:mod:`.stages.names`). Not "to" or "from":
# a message goes to or from a person ("he added to Blinken").
PLACE_PREPOSITIONS = _words("in at near across outside inside")
# Before "at" these make what follows a person, no place: "a woman ... looking at Chaney" (a
# surname once found after "at" was never written in full, round 16); so do these before
# "out" or "back" and "at": "Trump lashed out at Comey", "Roe hit back at Lee". Not "aimed",
# "pointed" or "waved": missiles are aimed at a town.
AT_A_PERSON = _words(
    "look looks looked looking stare stares stared staring glare glares glared glaring smile"
    " smiles smiled smiling laugh laughs laughed laughing shout shouts shouted shouting yell"
    " yells yelled yelling wink winks winked winking swipe swipes swiped swiping jab jabs"
    " jabbed jabbing"
)
AT_A_PERSON_BEFORE_PARTICLE = _words(
    "lash lashes lashed lashing hit hits hitting fire fires fired firing strike strikes struck"
    " striking snap snaps snapped snapping"
)

# Relative days and the day they point to, counted from the day the article was written
# (:mod:`.stages.timewords`). Phrases, so a dict, longest first where one holds another.
RELATIVE_DAYS: dict[str, int] = {
    "earlier today": 0,
    "later today": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "last night": -1,
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
# Before a weekday these make it an edge ("late on Monday"): dropped with it.
DAY_EDGES = _words("early late earlier later")
# After a weekday these are part of it ("Monday night"): dropped or anchored with it.
PARTS_OF_DAY = _words("morning afternoon evening night")
# Spans of time a demonstrative may name without pointing back at the sentence before ("This
# week the talks resumed", "That night, police ..."), with PARTS_OF_DAY, WEEKDAYS and MONTHS
# (:mod:`.write.coherence`).
TIME_SPANS = _words(
    "day days week weeks weekend month months year years decade century season spring summer "
    "autumn fall winter time past coming last next fiscal holiday election cycle quarter "
    "semester term session"
)
# Words that put a sentence's weekday ahead of the day it was written ("will meet on Friday").
FUTURE_MARKERS = _words("will shall next scheduled due plans plan planned expected upcoming")
# Before a relative day these make it part of another phrase ("until Monday", "as of today"),
# with PREPOSITIONS and DETERMINERS: without them it would not stand, with them it says
# something else; it is not dropped.
TIME_HOLDERS = _words("to until till since than as by through")
# A scheduled event told in the present ("The book goes on sale Tuesday", "The show airs
# Friday"): without its day the present tells a habit or a state ("goes on sale to the general
# public", a held-out fused sentence an editor marked as missing its day, round 15), so the day
# is not dropped (:mod:`.stages.timewords`).
SCHEDULED_VERBS = _words(
    "goes opens begins starts ends closes airs premieres debuts launches arrives returns resumes"
    " expires reopens hits"
)
# After a relative day these make it a subject ("Today is the deadline"), not an adverb to drop.
DAY_AS_SUBJECT = _words("is was marks has will would saw sees")
# "Mr. Blinken" stays as written: "Mr. Antony Blinken" is not how a wire names a man.
COURTESY_TITLES = _words("mr mr. mrs mrs. ms ms. dr dr.")
# The particles of a surname ("Arthur de Soultrait", "Ludwig van Beethoven"): capitalised at a
# sentence's head ("De Soultrait is ..."), they are no first name (:mod:`.stages.names`).
NAME_PARTICLES = _words("de da di du del della van von der den la le al bin ibn")
# After a surname these make it a modifier, no mention of the person to write in full ("other
# Trump administration officials", "since the Clinton era") (:mod:`.stages.respell`).
NAME_MODIFIED = _words("administration era campaign presidency years camp")
# After a possessive these make a capitalised word a firm's name ("Dell's shares fell"): a
# founder's surname written alone before a verb is then no short form of the founder
# (:mod:`.stages.names`).
FIRM_NOUNS = _words(
    "shares stock board profit profits revenue revenues sales earnings customers employees "
    "headquarters products brand stores factories plants"
)
# The last word of an organisation's name ("Ford Motor Company", "Human Rights Watch"): three
# capitalised words ending on one are no first name and double surname (:mod:`.stages.names`),
# and a speaker so named is no person, whose "said" compression keeps (:mod:`.write.compress`).
ORGANISATION_WORDS = _words(
    "company co inc corp corporation group watch service services center centre foundation "
    "association institute council committee agency department university college school "
    "hospital clinic bank party union news times post journal network fund trust league "
    "office police ministry"
)
# An office or a rank written before a name, which says who the person is ("Police Sgt. Jane
# Roe", "County Sheriff Jane Roe"): a role :mod:`.stages.roles` may write at a first mention.
RANKS = _words(
    "sgt. lt. capt. cpl. det. officer sheriff chief commissioner superintendent director "
    "chairman chairwoman president secretary minister senator sen. rep. governor gov. mayor "
    "judge attorney prosecutor spokesman spokeswoman ambassador coach professor prof. gen. "
    "adviser advisor counselor commander administrator inspector ceo cfo coo founder saint"
)
# The ranks a firm's people hold: a full name after one may be that of a firm's founder
# ("Executive Chairman Bill Ford" beside "Ford, the No. 2 automaker, ..."; a firm has a
# president too), so the surname alone is no proof of a person (:mod:`.stages.namecues`).
FIRM_RANKS = _words("ceo cfo coo founder chairman chairwoman president director executive")

# Acronyms a reader knows without their words (lower case): left as they are at a first mention
# (:mod:`.stages.acronyms` writes out the others the sources spell out).
KNOWN_ACRONYMS = _words(
    "usa ceo cfo coo cto fbi cia nsa nasa nato fifa uefa opec asean unicef unesco naacp aclu "
    "aids hiv isis cnn bbc nbc cbs abc msnbc cnbc espn hbo npr pbs fda cdc epa irs sec doj dhs "
    "faa fcc ftc gop nfl nba mlb nhl ncaa nypd lapd dna gps suv atm ptsd lgbt lgbtq who imf oecd "
    "nyc mit ucla"
)
