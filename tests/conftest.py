from __future__ import annotations

import os
from pathlib import Path

import pytest

from models import Article, Pipeline, PipelineConfig
from models.bundle import load_paths
from tests.fakes import EchoFuser, HashingEncoder

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"

# Sentences of the seed articles that are page furniture, never news: none may be selected or
# cited (hand-labelled from examples/seeds).
SEED_BOILERPLATE = [
    "Except for the headline, this story has not been edited by digital scoop india",
    "About Digital Scoop India Team",
    "Check Also",
    "Adhir Ranjan Chowdhury",
    "He asserts that if necessary, he will approach the Supreme Court for redress.",
    "Leave a Reply",
    "Your email address will not be published.",
    "Required fields are marked",
    "epaimages.com",
    "news Correspondent.net on Telegram.",
    "Subscribe to our channel",
    "Source: korrespondent",
    "I am David Wyatt",
    "I specialize in the world section of news coverage",
    "As a graduate of Journalism",
    "This article was added by the user",
    "TheWorldNews is not responsible for the content",
    "(Last Updated On: June 20, 2023)",
    "(Photo: AP)",
    "The comments posted here are not from Cnews Live.",
    "Kindly refrain from using derogatory",
    "Check out the latest news in our",
    "Stay updated on environmental data",
]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    articles, _ = load_paths([str(SEEDS)])
    assert len(articles) == 5
    return articles


@pytest.fixture
def fake_pipeline() -> Pipeline:
    return Pipeline(HashingEncoder(), EchoFuser(), PipelineConfig())


def settings_config(**overrides: object) -> PipelineConfig:
    """The PipelineConfig the service builds from ``NEWSFUSE_*`` (``NEWSFUSE_MODEL_DIR``: where
    ``make test`` prepared the models), with ``overrides`` on top."""
    from service.settings import Settings

    return Settings(**overrides).pipeline_config()


@pytest.fixture(scope="session")
def real_pipeline() -> Pipeline:
    """The real packaged embedder and default fuser, loaded once per test session."""
    return Pipeline.load(settings_config(device="cpu"))
