# Compares ngrpo-spark's decoder with Hugging Face transformers on the folders that
# HfCompatExport.java wrote: per-token log-probs and entropies of fixed sequences, on the CPU
# and (when present) CUDA, and the character tokenizer loaded by transformers.
# Usage: python3 check.py   (run inside the output folder of HfCompatExport, next to expected.json)
import json, os, sys, torch
from transformers import AutoModelForCausalLM, PreTrainedTokenizerFast
import transformers
root = os.path.dirname(os.path.abspath(__file__))
exp = json.load(open(os.path.join(root, "expected.json")))
print("torch", torch.__version__, "transformers", transformers.__version__, "cuda", torch.cuda.is_available())
worst = 0.0
for m in exp["models"]:
    d = os.path.join(root, m["dir"])
    for dev in (["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]):
        model = AutoModelForCausalLM.from_pretrained(d, dtype=torch.float32).to(dev).eval()
        w = m["width"]
        lp_ours = torch.tensor(m["logprobs"]).view(-1, w)
        en_ours = torch.tensor(m["entropy"]).view(-1, w)
        md = 0.0; me = 0.0
        for i, (p, r) in enumerate(zip(exp["prompts"], exp["responses"])):
            ids = torch.tensor([p + r], device=dev)
            with torch.no_grad():
                logits = model(ids).logits[0].float().cpu()
            ls = torch.log_softmax(logits, -1)
            pred = ls[len(p) - 1: len(p) - 1 + len(r)]
            lp = pred.gather(1, torch.tensor(r).view(-1, 1)).view(-1)
            ent = -(pred.exp() * pred).sum(-1)
            md = max(md, (lp - lp_ours[i, :len(r)]).abs().max().item())
            me = max(me, (ent - en_ours[i, :len(r)]).abs().max().item())
        worst = max(worst, md, me)
        print(f"{m['dir']} {model.config.model_type:6s} {dev:4s}: max |logprob diff| {md:.2e}, max |entropy diff| {me:.2e}")
    tok = PreTrainedTokenizerFast(tokenizer_file=os.path.join(d, "tokenizer.json"))
    print("  char tokenizer in transformers:", tok("12+34=")["input_ids"], repr(tok.decode(tok("12+34=")["input_ids"])))
print("WORST", worst, "PASS" if worst < 1e-4 else "FAIL")
