"""Questions in everyday words, without the topic's jargon, get the topic (concepts.yaml phrases such as
"hide him" for a rude commenter, "on the hook" for ad disclosure, a single distinctive word such as
"scheduler")."""

from __future__ import annotations

import pytest

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.model import Knowledge
from bot.types import ConversationKey, Incoming, ReplyKind

KEY = ConversationKey("test", "c", "", "u")


@pytest.fixture(scope="module")
def dialogue(knowledge: Knowledge) -> Dialogue:
    return Dialogue(knowledge)


@pytest.mark.parametrize(("text", "topic"), [
    ("good scheduler for a 2-person team?", "tools"),
    ("if we run a 'win a free haircut' thing on our page, what rules do we have to follow?", "legal-basics"),
    ("simplest way to know whenever somebody talks about our bakery online?", "social-listening"),
    ("how do we get customers to send us their photos from the trip?", "ugc"),
    ("how much do creators usually charge for a sponsored stream?", "influencers"),
    ("our feed is all 'buy now': what's a healthier balance between genuinely useful stuff and selling?",
     "content-ideas"),
    # "recovery" is a patient's here, not an account's
    ("can you write me a post announcing our new knee recovery programme? warm, not salesy", "write-for-me"),
    ("a barista posted something dodgy on her own account and now ppl are coming at our page, help", "crisis"),
    # an offsite or an annual review mentioned in passing is no out-of-scope errand
    ("at the offsite everyone said we need a brand community; what does that even mean for a shop?", "community"),
    ("can you list the main social platforms for our annual comms review?", "main-platforms"),
    ("will our posting help us come up when people look for a dentist on google?", "seo"),
    ("how do we set up listening so we hear about people asking for a good dentist in town?", "social-listening"),
    ("a former supplier is trashing us publicly and people share it, how do we respond?", "crisis"),
    ("our rating is 4.1, how do we get more good reviews?", "e-reputation"),
    ("should our agents share the company posts on there personal pages or is that spammy", "employee-advocacy"),
    # short questions as people ask them on forums and of consultants (round 20's real questions showed the kinds)
    ("Do I really have to be on social media?", "why-use"),
    ("Is it required to be on social media these days to run a business?", "why-use"),
    ("Someone posted something nasty about us online. What now?", "crisis"),
    ("What counts as a proper disclosure for a paid post?", "legal-basics"),
    ("A company is demanding a fee for photos I used on our website. Do I have to pay?", "legal-basics"),
    ("Does it matter when you post on social media?", "posting-frequency"),
    ("Do I have to write something every day for our page?", "posting-frequency"),
    ("Can I ask people to like our page to enter a raffle?", "legal-basics"),
    # order problems handled through a platform's DMs: customer service, the platform is its channel
    ("should i be handling order problems for my candle shop through insta dms or push everyone to email",
     "customer-relationship"),
    # a rant about the business spreading is a crisis, not the growth of "spread like wildfire"
    ("an angry rant about our salon is spreading like wildfire on the local facebook group, what do we do?", "crisis"),
    # "our own feed" is the brand's feed, no account-support errand; "community association" in a side remark
    # is no errand either
    ("parents post great pics from our school fair every year, how do we make them part of our own feed?", "ugc"),
    ("we want to build a community around our residents association; what does a brand community even mean?",
     "community"),
    ("do we really need personas when sales already has an ICP?", "persona"),
    # "general rules for" how to behave are good practices, not the legal "rules for"; how often stays frequency
    ("any general rules for a law firm that wants to sound less stiff on social?", "good-practices"),
    ("golden rules for a bakery posting online?", "good-practices"),
    ("is there a general rule for how often a gym should post?", "posting-frequency"),
    # "people posting" is anyone posting, not the staff of employee advocacy
    ("how do we track when people post that they need a locksmith in our town?", "social-listening"),
    ("what can i use to schedule tiktoks ahead of time? tired of posting at 7pm from my couch", "tools"),
    ("there's one guy who comments on every single thing we put up with something rude or totally off topic. "
     "can I just hide him or is that bad form?", "community-management"),
    ("a robot wrote my caption, is that ok? do I have to tell people", "ai-content"),
    ("the shop across the street gets way more likes than us on everything. how can I keep an eye on what "
     "they're doing without being creepy about it", "market-monitoring"),
    ("influencer forgot the #ad on her post about us, who's on the hook, us or her?", "legal-basics"),
    # ad disclosure is a legal duty (the issue files it under legal basics), even when it names creators
    ("do influencers have to say it's an ad when we pay them?", "legal-basics"),
    ("do creators have to put #ad if we only gifted them product, no payment?", "legal-basics"),
    ("do we have to disclose when images are AI-generated?", "ai-content"),       # AI disclosure stays AI's
    ("how much should we pay an influencer with 20k followers?", "influencers"),
    # whether reposting needs permission is the legal question; how to collect customers' photos is UGC
    ("do we need the customer's permission to repost their photo on the client's account?", "legal-basics"),
    ("how do we get customers to post photos of our product?", "ugc"),
    ("one guy keeps leaving snarky remarks under every post we put up: hide, delete, reply or ignore?",
     "community-management"),
    ("what should we do when a TikTok about us goes viral for the wrong reasons?", "crisis"),
    ("someone is trashing us on X, what do we do?", "e-reputation"),   # was a fallback: "x" is too short to name
    ("why is my reach so low?", "audience-growth"),                   # both were a fallback
    ("is organic social dead?", "audience-growth"),
    ("we have a bad buzz since this morning, what do we do step by step?", "crisis"),   # a French calque
    ("what do micro KOLs (10-50k) charge for a TT post these days?", "influencers"),
    ("what are the stages someone goes through from never heard of us to recommending us to everyone?",
     "engagement-types"),
    ("how much of what we put out should be 'buy from us' versus just useful stuff?", "content-ideas"),
    ("someone on our team has to babysit the inbox all day answering people, what's a sane way to run that?",
     "community-management"),
    ("got any wisdom for a very tired social manager? anything at all", "tip"),
    ("guests keep snapping our latte art — how do we turn their shots into stuff for our page?", "ugc"),
    ("do I need written consent to post gym members in class photos?", "legal-basics"),
    ("got a quick tip for me? just one thing i can do this week", "tip"),   # was a fallback
    ("give me one quick social media tip", "tip"),                          # was a "did you mean"
    ("how do i go from 300 to 10k followers without buying any 🚀 pls help", "audience-growth"),   # was a fallback
    ("what makes a video explode and get seen by millions? the boss wants 'something that buzzes'", "audience-growth"),
    ("a presenter said something dumb on air and its blowing up online how do we respond", "crisis"),  # a fallback
    ("got dragged hard online this weekend over a delivery mixup, half the town is piling on. how do we cool it down",
     "crisis"),
    # wanting a post shared everywhere is growth; a complaint being shared everywhere is a crisis
    ("how do i get my stuff to blow up and get shared everywhere", "audience-growth"),
    ("help someone posted that our clinic gave them an infection and its getting shared everywhere what do we do",
     "crisis"),
    # whether a photo needs its owner's consent is the legal question (reposting others' content)
    ("if we use a photo taken at a client's event in our post, do we need their written ok first?", "legal-basics"),
    ("can I grab a photo someone posted of our café for our page, or do I need to ask first?", "legal-basics"),
    ("a follower who is blind messaged to say she can't tell what's in any of our pictures. "
     "what are we supposed to do about that?", "accessibility"),
    ("who am I even talking to? I make handmade candles and just assumed 'everyone' would like them",
     "persona"),
    ("paid owned earned media?? eli5", "paid-owned-earned"),
    ("what are paid, owned and earned media and where does our instagram account fit in that?", "paid-owned-earned"),
    ("posts, stories, carousels, reels, lives... what are all these formats and when do we use which?", "media-types"),
    ("there's some rule that most people in an online group just watch and only a tiny slice ever write anything. "
     "what's it called?", "rule-90-9-1"),
    # a "rule of thumb" asks for the rule of the subject named, not for the general good practices
    ("For a small business how often should we be posting on Social Media, is there a rule of thumb",
     "posting-frequency"),
    ("reach on our page fell off a cliff since june and we changed nothing. what are we doing wrong?",
     "audience-growth"),  # "what are we doing wrong" is asked of growth too, not only of sales (going-wrong)
    ("our reels get thousands of views but nobody buys anything. what are we doing wrong", "roi"),
    # round 14's fresh sets: everyday names of the subject
    ("what should we change so our videos and graphics work for people with visual or hearing impairments?",
     "accessibility"),
    ("how do we build a donor persona? ours are mostly women over 60 as far as we can tell", "persona"),
    ("do we need parent permission to post students' photos?", "legal-basics"),
    ("how would I know if people are talking about my company online without checking every site myself?",
     "social-listening"),
    ("those little # tags at the bottom of posts - how many should we stick on?", "hashtags"),
    ("how do we work customer-made photos and videos into our feed without it looking messy?", "ugc"),
    ("give me 3 hook lines for a post about why I quit my agency job to go freelance", "write-for-me"),
    ("what does it cost to get someone with a decent little following to rave about my course?", "influencers"),
    ("sorry if this is daft, but what is social media, strictly speaking?", "definition"),
    ("what's a good ER rn? ours is 1.2% on IG and idk if that's bad", "kpis"),  # ER: engagement rate
    ("how do we get fans to post more of their own gig photos and videos that we can share?", "ugc"),
    ("besides our brand name, what keywords should we be monitoring on tiktok?", "social-listening"),
    ("do we need #ad when an influencer posts about us on instagram?", "legal-basics"),
    ("is boosting a facebook event worth it for ticket sales?", "paid-social"),
    ("can we use a screenshot of someone's tweet praising us in a paid ad?", "legal-basics"),
])
def test_everyday_words_name_the_topic(dialogue: Dialogue, text: str, topic: str) -> None:
    _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=text))
    assert (replies[0].kind, replies[0].topic) == (ReplyKind.ANSWER, topic)


def test_what_are_we_doing_wrong_about_flat_followers_is_not_answered_as_return_on_investment(
        dialogue: Dialogue) -> None:
    text = "our follower count hasn't moved in 5 months even though we post daily. what are we doing wrong?"
    _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=text))
    assert replies[0].topic != "roi"
    assert "topic:audience-growth" in [b.payload for b in replies[0].buttons]  # offered in the "did you mean"


def test_a_game_called_persona_is_no_buyer_persona(dialogue: Dialogue) -> None:
    # "persona" alone stays a weak word: named with a kind of audience ("donor persona") it is the topic
    for text in ("how do I get the best ending in persona 5?", "what is the persona in Jungian psychology"):
        _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=text))
        assert replies[0].kind is not ReplyKind.ANSWER


@pytest.mark.parametrize("text", [
    # a crisis told in everyday words, then "walk me through": not the platforms walk-through outright
    "Yesterday a coach we partner with broke down and 30 of our tour guests were stranded for four hours. Now "
    "there are angry posts tagging us everywhere and a local news page picked it up. Can you walk me through how "
    "to respond, step by step?",
    # WhatsApp asked "as a marketing channel" after a story of orders: not customer service outright
    "We're a small catering company in Lisbon and most clients already message us on WhatsApp to place orders. "
    "Someone mentioned WhatsApp Business has catalogs and status updates and stuff. Beyond answering orders, what "
    "can we actually do with WhatsApp as a marketing channel?",
])
def test_two_readings_get_a_did_you_mean(dialogue: Dialogue, text: str) -> None:
    _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=text))
    assert replies[0].kind is ReplyKind.CLARIFY


@pytest.mark.parametrize("text", ["how do we write a job description for a customer support role?",
                                  "how should we account for deferred revenue on annual plans?",
                                  "what's a good zendesk macro for refund requests?",
                                  "forwarding from our CEO: 'who's the new head of Instagram after the reshuffle?'",
                                  "can you help me fix a php error on our venue's wordpress site?",
                                  "my accountant says all our social ad spend is fully tax deductible, is that right?",
                                  "would linkedin premium help with my own job hunt?",
                                  "how should i write a returns policy for our online store so it is legally sound?",
                                  "how do we verify our linkedin company page, the button is greyed out"])
def test_other_jobs_get_no_answer(dialogue: Dialogue, text: str) -> None:
    _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=text))
    assert replies[0].kind is not ReplyKind.ANSWER


def test_platform_news_is_refused(dialogue: Dialogue) -> None:
    text = "is it true x is going paid-only for everyone?"
    _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=text))
    assert replies[0].kind is not ReplyKind.ANSWER
