"""Tiny randomly initialised models built locally for the engine tests (no hub): a byte-level
BPE tokenizer trained on the seed articles, and T5, BART and Qwen2 models of a few thousand
weights saved beside it, loaded by the real fuser code from the directory."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEEDS


def tokenizer(directory: Path):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400, special_tokens=["<pad>", "</s>", "<unk>", "<s>"], show_progress=False
    )
    tok.train_from_iterator([p.read_text() for p in sorted(SEEDS.glob("*.txt"))], trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        pad_token="<pad>",
        eos_token="</s>",
        unk_token="<unk>",
        bos_token="<s>",
    )
    fast.save_pretrained(directory)
    return fast


def build(kind: str, directory: Path) -> Path:
    """A tiny ``t5``, ``bart`` or ``qwen2`` (decoder-only) model with its tokenizer, seeded."""
    import torch
    from transformers import (
        BartConfig,
        BartForConditionalGeneration,
        Qwen2Config,
        Qwen2ForCausalLM,
        T5Config,
        T5ForConditionalGeneration,
    )

    torch.manual_seed(0)
    tok = tokenizer(directory)
    ids = {"pad_token_id": tok.pad_token_id, "eos_token_id": tok.eos_token_id}
    if kind == "t5":
        config = T5Config(
            vocab_size=len(tok),
            d_model=32,
            d_ff=64,
            d_kv=16,
            num_layers=2,
            num_heads=2,
            decoder_start_token_id=tok.pad_token_id,
            **ids,
        )
        model = T5ForConditionalGeneration(config)
    elif kind == "bart":
        config = BartConfig(
            vocab_size=len(tok),
            d_model=32,
            encoder_layers=1,
            decoder_layers=1,
            encoder_attention_heads=2,
            decoder_attention_heads=2,
            encoder_ffn_dim=64,
            decoder_ffn_dim=64,
            max_position_embeddings=512,
            bos_token_id=tok.bos_token_id,
            decoder_start_token_id=tok.eos_token_id,
            forced_eos_token_id=None,
            **ids,
        )
        model = BartForConditionalGeneration(config)
    else:
        config = Qwen2Config(
            vocab_size=len(tok),
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            max_position_embeddings=4096,
            bos_token_id=tok.bos_token_id,
            **ids,
        )
        model = Qwen2ForCausalLM(config)
    model.save_pretrained(directory)
    return directory
