"""Tests of the classification stage: generator/classify.py, its taxonomy (generator/taxonomy.py)
and its matching engine (generator/rules.py).

Paper titles and abstract excerpts are copied from the reference digests
(HF daily-papers pages and API responses) so the tests stand alone.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
import textwrap
import time
from pathlib import Path
from typing import NamedTuple

import pytest

from generator.classify import MAX_TAGS, MAX_TOPICS, Classifier, TaxonomyCache, classify, normalise_keyword
from generator.rules import Field, Terms
from generator.taxonomy import HAS_CODE, OTHER, Taxonomy, default_taxonomy, load_taxonomy
from generator.model import Archive, HfFields, Link, Paper
from generator.problems import DigestError

# The slugs of the default taxonomy (topics.md), in its order.
DEFAULT_SLUGS = (
    "llm reasoning agents vision multimodal generation 3d audio rl robotics efficiency optimization "
    "representation theory architectures graphs safety interpretability data retrieval code science other"
).split()


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


_CLASSIFIERS: dict[int, tuple[Taxonomy, Classifier]] = {}


def classify_paper(title: str, abstract: str, keywords: tuple[str, ...], taxonomy: Taxonomy
                   ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(topics, tags) of one paper's text, keywords becoming tags only through the curated
    vocabulary (`classify` also keeps the keywords several papers share)."""
    kept = _CLASSIFIERS.get(id(taxonomy))
    if kept is None or kept[0] is not taxonomy:
        kept = _CLASSIFIERS[id(taxonomy)] = (taxonomy, Classifier(taxonomy))
    return kept[1].text(title, abstract, keywords)


def tag_label(slug: str) -> str:
    return default_taxonomy().tag_label(slug)


def topics_of(taxonomy: Taxonomy, title: str, abstract: str = "", keywords: tuple[str, ...] = ()) -> tuple[str, ...]:
    return classify_paper(title, abstract, keywords, taxonomy)[0]


def tags_of(taxonomy: Taxonomy, title: str, abstract: str = "", keywords: tuple[str, ...] = ()) -> tuple[str, ...]:
    return classify_paper(title, abstract, keywords, taxonomy)[1]


def paper(key: str, title: str, abstract: str = "", **fields) -> Paper:
    return Paper(key=key, title=title, abstract=abstract, **fields)


# --- the default taxonomy ------------------------------------------------------


def test_default_taxonomy_has_the_topics_of_topics_md_in_order(taxonomy):
    assert list(taxonomy.slugs) == DEFAULT_SLUGS
    assert taxonomy.name("llm") == "Large Language Models"
    assert taxonomy.name("3d") == "3D & Graphics"
    assert taxonomy.topic("science").scope.startswith("medicine, biology")
    assert not taxonomy.topic(OTHER).rules
    assert all(topic.rules for topic in taxonomy.topics if topic.slug != OTHER)


def test_default_taxonomy_is_loaded_once(taxonomy):
    assert load_taxonomy() is taxonomy
    assert load_taxonomy(None) is taxonomy


def test_unknown_topic_slug_is_a_key_error(taxonomy):
    with pytest.raises(KeyError):
        taxonomy.name("no-such-topic")


# --- topics on real papers -----------------------------------------------------

OSP_TITLE = "Outlier-Safe Pre-Training for Robust 4-Bit Quantization of Large Language Models"
OSP_ABSTRACT = (
    "Extreme activation outliers in Large Language Models (LLMs) critically degrade quantization performance, "
    "hindering efficient on-device deployment. While channel-wise operations and adaptive gradient scaling are "
    "recognized causes, practical mitigation remains challenging. We introduce Outlier-Safe Pre-Training (OSP), "
    "a practical guideline that proactively prevents outlier formation rather than relying on post-hoc mitigation. "
    "OSP combines three key innovations: (1) the Muon optimizer, eliminating privileged bases while maintaining "
    "training efficiency; (2) Single-Scale RMSNorm, preventing channel-wise amplification; and (3) a learnable "
    "embedding projection. Under aggressive 4-bit quantization, our OSP model achieves a 35.7 average score "
    "across 10 benchmarks."
)

EDTALK_TITLE = "EDTalk: Efficient Disentanglement for Emotional Talking Head Synthesis"
EDTALK_ABSTRACT = (
    "Achieving disentangled control over multiple facial motions and accommodating diverse input modalities "
    "greatly enhances the application and entertainment of the talking head generation. This necessitates a deep "
    "exploration of the decoupling space for facial features. To address this gap, this paper proposes a novel "
    "Efficient Disentanglement framework for Talking head generation (EDTalk). Our framework enables individual "
    "manipulation of mouth shape, head pose, and emotional expression, conditioned on video or audio inputs. "
    "Furthermore, we propose an Audio-to-Motion module for audio-driven talking head synthesis. We recommend "
    "watching the project website: https://tanshuai0219.github.io/EDTalk/"
)


class Case(NamedTuple):
    """A real paper and what classify_paper must say about it."""

    id: str
    title: str
    abstract: str
    first_topic: str | None = None  # topics[0]
    exact_topics: tuple[str, ...] | None = None  # the whole topics tuple
    has_topics: tuple[str, ...] = ()
    not_topics: tuple[str, ...] = ()
    has_tags: tuple[str, ...] = ()
    not_tags: tuple[str, ...] = ()


REAL_PAPERS = [
    Case("quantization-is-efficient-ml", OSP_TITLE, OSP_ABSTRACT,
         has_topics=("efficiency", "llm"), has_tags=("quantization", "llm")),
    # "manipulation of mouth shape" and "head pose" must not make it a robot paper.
    Case("talking-head-is-generation-not-robotics", EDTALK_TITLE, EDTALK_ABSTRACT,
         first_topic="generation", not_topics=("robotics",), has_tags=("talking-heads",)),
    Case(
        "autonomous-racing-is-robotics",
        "Parallel Neural Computing for Scene Understanding from LiDAR Perception in Autonomous Racing",
        "Autonomous driving in high-speed racing, as opposed to urban environments, presents significant challenges "
        "in scene understanding due to rapid changes in the track environment. This paper proposes a novel baseline "
        "architecture capable of true hardware-enabled parallelism, achieving neural processing speeds that mirror "
        "the agent's high velocity.",
        first_topic="robotics",
        not_topics=("agents",),  # an autonomous car is not an LLM agent
        has_tags=("autonomous-driving",),
    ),
    Case(
        "deep-rl-is-rl-and-its-agents-are-not-llm-agents",
        "Teacher algorithms for curriculum learning of Deep RL in continuously parameterized environments",
        "We consider the problem of how a teacher algorithm can enable an unknown Deep Reinforcement Learning (DRL) "
        "student to become good at a skill over a wide range of diverse environments. The teacher must discover "
        "which environments are easy, difficult or unlearnable, and in what order to propose them. The RL agent "
        "learns a policy; the agent explores each environment.",
        first_topic="rl",
        # "unlearnable" environments are not unlearnable examples
        not_topics=("agents", "safety"),
        has_tags=("reinforcement-learning", "curriculum-learning"),
    ),
    Case(
        "llm-agent-is-agents",
        "EnvHarness: Awakening Static Worlds for Agent Learning",
        "LLM agents learn by interacting with environments, yet these environments are hand-built and static: "
        "blind to an agent's weaknesses, and quickly left behind as it improves. We propose Environment Harness "
        "(EnvHarness), a programmable layer of plug-in components that wraps a static environment to reshape its "
        "behavior without modifying the underlying logic.",
        first_topic="agents",
    ),
    Case(
        "url-does-not-trigger-rl",
        "URL Classification with Character-Level Transformers",
        "We classify malicious URL strings. Each URL is split into characters, and the URLs of phishing pages are "
        "detected with high precision; our URL dataset is public.",
        not_topics=("rl",),
    ),
    Case("offline-rl-is-rl", "Offline RL with Conservative Critics", "We study offline RL. RL agents ...",
         has_topics=("rl",)),
    Case(
        "slam-in-linguistics-is-not-robotics",
        "Cross-lingual Features for Second Language Acquisition Modeling",
        "We describe our system for the SLAM shared task on second language acquisition modeling. Given learner "
        "exercise histories in Duolingo, we predict word-level mistakes of language learners; our SLAM system "
        "uses multilingual word features.",
        not_topics=("robotics",),
    ),
    Case("visual-slam-is-robotics", "Robust Visual SLAM",
         "Visual SLAM for legged robots: odometry and mapping with a stereo camera on a quadruped robot.",
         has_topics=("robotics",)),
    Case(
        "diffusion-maps-are-not-image-generation",
        "Geodesic Prototype Matching via Diffusion Maps for Interpretable Fine-Grained Recognition",
        "Nonlinear manifolds are widespread in deep visual features, where Euclidean distances often fail to capture "
        "true similarity. This limitation becomes particularly severe in prototype-based interpretable fine-grained "
        "recognition. We distill the latent manifold structure of each class into a diffusion space via diffusion "
        "maps; heat diffusion on the class graph spreads the prototypes.",
        has_topics=("vision",),
        not_topics=("generation",),
        not_tags=("diffusion-models",),
    ),
    Case("diffusion-model-pruning-is-generation", "Effortless Efficiency: Low-Cost Pruning of Diffusion Models",
         "Diffusion models have achieved impressive advancements in image generation.",
         has_topics=("generation",)),
    Case(
        "vision-language-models-are-multimodal-not-vision",
        "POINTS: Improving Your Vision-language Model with Affordable Strategies",
        "In recent years, vision-language models have made significant strides, excelling in tasks like optical "
        "character recognition and geometric problem-solving. Proprietary models often lack transparency about their "
        "architectures, while open-source models need more detailed ablations of their training strategies.",
        first_topic="multimodal",
        not_topics=("vision",),
        has_tags=("vision-language-models",),
    ),
    Case(
        "codebook-and-code-availability-are-not-code",
        "Improving Codebook Utilization in Vector-Quantized Image Autoencoders",
        "Vector-quantized autoencoders learn a discrete codebook of latent codes for images. We study codebook "
        "collapse, where few codes are used, and reset unused code vectors. Code is available at "
        "https://github.com/example/vq. Our code and models will be released.",
        not_topics=("code",),
    ),
    Case("code-llm-is-code", "AutoCoder: Enhancing Code Large Language Model with AIEV-Instruct",
         "We introduce AutoCoder, a code LLM that surpasses GPT-4 on HumanEval for code generation.",
         has_topics=("code",)),
    Case(
        "attention-alone-is-not-architectures",
        "Where Do Readers Look? Visual Attention in Reading Comprehension",
        "Reading research has received increasing attention. We record the visual attention of readers with eye "
        "tracking and relate attention to comprehension scores of students.",
        not_topics=("architectures",),
    ),
    Case(
        "privacy-is-safety",
        "Learning from End User Data with Shuffled Differential Privacy over Kernel Densities",
        "We study a setting of collecting and learning from private data distributed across end users. In the "
        "shuffled model of differential privacy, the end users partially protect their data locally before sharing "
        "it, and their data is also anonymized during its collection to enhance privacy.",
        exact_topics=("safety",),
        has_tags=("differential-privacy",),
    ),
    Case(
        "time-series-forecasting-is-science",
        "TimeXer: Empowering Transformers for Time Series Forecasting with Exogenous Variables",
        "Deep models have demonstrated remarkable performance in time series forecasting. However, due to the "
        "partially-observed nature of real-world applications, solely focusing on the target of interest is usually "
        "insufficient to guarantee accurate forecasting.",
        first_topic="science",
        has_tags=("time-series",),
    ),
    Case(
        "watermarking-generated-images-is-safety-first",
        "Hidden in the Noise: Two-Stage Robust Watermarking for Images",
        "As the quality of image generators continues to improve, deepfakes become a topic of considerable societal "
        "debate. Image watermarking allows responsible model owners to detect and label their AI-generated content, "
        "which can mitigate the harm. Yet, current methods in image watermarking remain vulnerable to forgery and "
        "removal attacks.",
        first_topic="safety",
        has_tags=("watermarking",),
    ),
    Case(
        "recommender-is-retrieval",
        "Dynamic Slate Recommendation with Gated Recurrent Units and Thompson Sampling",
        "We consider the problem of recommending relevant content to users of an internet platform in the form of "
        "lists of items, called slates. We introduce a variational Bayesian Recurrent Neural Net recommender system "
        "that acts on time series of interactions between the internet platform and the user.",
        first_topic="retrieval",
        has_tags=("recommender-systems",),
    ),
]


@pytest.mark.parametrize("case", REAL_PAPERS, ids=[case.id for case in REAL_PAPERS])
def test_real_paper_topics_and_tags(taxonomy, case):
    topics, tags = classify_paper(case.title, case.abstract, (), taxonomy)
    if case.first_topic is not None:
        assert topics[0] == case.first_topic
    if case.exact_topics is not None:
        assert topics == case.exact_topics
    for slug in case.has_topics:
        assert slug in topics
    for slug in case.not_topics:
        assert slug not in topics
    for tag in case.has_tags:
        assert tag in tags
    for tag in case.not_tags:
        assert tag not in tags


def test_real_paper_cases_are_unique_and_each_asserts_a_topic():
    assert len({case.id for case in REAL_PAPERS}) == len(REAL_PAPERS)
    assert all(case.first_topic or case.exact_topics or case.has_topics or case.not_topics for case in REAL_PAPERS)


# --- scoring -------------------------------------------------------------------

LONG_ABSTRACT = (
    "We study the convergence of stochastic gradient descent for training deep networks with adaptive learning "
    "rate schedules. Our optimizer matches Adam on image classification and language modeling while using less "
    "memory. As an aside, such optimizers could one day help protein folding. We analyse the training dynamics "
    "and show that the learning rate warmup is essential for stability at large batch size."
)


def test_one_passing_mention_in_the_abstract_assigns_no_topic(taxonomy):
    topics = topics_of(taxonomy, "Warmup Matters for Adaptive Optimizers", LONG_ABSTRACT)
    assert topics[0] == "optimization"
    assert "science" not in topics  # "protein", once


def test_the_same_term_in_the_title_assigns_the_topic(taxonomy):
    assert "science" in topics_of(taxonomy, "Adaptive Optimizers for Protein Structure Prediction", LONG_ABSTRACT)


def test_title_counts_more_than_the_abstract(taxonomy):
    assert topics_of(taxonomy, "Robot Learning at Scale") == ("robotics",)
    assert topics_of(taxonomy, "Notes", "We discuss a robot.") == (OTHER,)


def test_other_only_when_nothing_fits(taxonomy):
    printing = "A Note on the History of the Printing Press"
    assert topics_of(taxonomy, printing, "Gutenberg and movable type.") == (OTHER,)
    assert topics_of(taxonomy, "", "") == (OTHER,)


def test_at_most_three_topics_strongest_first(taxonomy):
    title = "Multimodal LLM Agents for Robot Manipulation with Reinforcement Learning and Quantized Diffusion"
    topics = topics_of(taxonomy, title, "We train a VLM-based robot agent with RL, quantization and 3D point clouds.")
    assert 1 <= len(topics) <= MAX_TOPICS
    assert topics[0] == "robotics"


def test_acronyms_are_case_sensitive(taxonomy):
    # (GAN is a generation term only in a paper about pictures: speech and music have GANs too)
    assert "generation" in topics_of(taxonomy, "Training GANs with Spectral Normalization", "On face images.")
    assert "generation" not in topics_of(taxonomy, "Gan and Wang: a family history", "Gan was a farmer.")
    assert "3d" in topics_of(taxonomy, "NeRF in the Wild")
    assert "3d" not in topics_of(taxonomy, "nerf guns in schools", "A survey of nerf toy sales.")


def test_terms_match_whole_words_with_flexible_hyphens_and_plurals(taxonomy):
    assert "representation" in topics_of(taxonomy, "Selfsupervised Pretraining Revisited")
    assert "representation" in topics_of(taxonomy, "Self Supervised Learning Revisited")
    assert "llm" in topics_of(taxonomy, "What Do LLMs Know?")
    assert "rl" in topics_of(taxonomy, "Policies That Generalize: Policy Gradient Methods Revisited")
    assert "code" not in topics_of(taxonomy, "Decoding Strategies", "We compare greedy decoding and sampling.")


# --- the seeds -------------------------------------------------------------------

# Every 12th paper of the reference digests (seeds and API samples): title and
# the first sentence or two of the abstract.
SEED_SAMPLE = [
    (
        "EDTalk: Efficient Disentanglement for Emotional Talking Head Synthesis",
        "Achieving disentangled control over multiple facial motions and accommodating diverse input "
        "modalities greatly enhances the application and entertainment of the talking head generation. This "
        "necessitates a deep exploration of the decoupling space for facial features, ensuring that they a) "
        "operate independently without mutual interference and b) can be preserved to share with different "
        "modal input,",
    ),
    (
        "Exact Learning of Permutations for Nonzero Binary Inputs with Logarithmic Training Size and "
        "Quadratic Ensemble Complexity",
        "The ability of an architecture to realize permutations is quite fundamental. For example, Large "
        "Language Models need to be able to correctly copy (and perhaps rearrange) parts of the input prompt "
        "into the output.",
    ),
    (
        "Enhancing Neural Subset Selection: Integrating Background Information into Set Representations",
        "Learning neural subset selection tasks, such as compound selection in AI-aided drug discovery, have "
        "become increasingly pivotal across diverse applications. The existing methodologies in the field "
        "primarily concentrate on constructing models that capture the relationship between utility function "
        "values and subsets within their respective supersets.",
    ),
    (
        "End-to-end Differentiable Clustering with Associative Memories",
        "Clustering is a widely used unsupervised learning technique involving an intensive discrete "
        "optimization problem. Associative Memory models or AMs are differentiable neural networks defining a"
        " recursive dynamical system, which have been integrated with various deep learning architectures.",
    ),
    (
        "Decongestion by Representation: Learning to Improve Economic Welfare in Marketplaces",
        "Congestion is a common failure mode of markets, where consumers compete inefficiently on the same "
        "subset of goods (e.g., chasing the same small set of properties on a vacation rental platform). The "
        "typical economic story is that prices decongest by balancing supply and demand.",
    ),
    (
        "Learning from End User Data with Shuffled Differential Privacy over Kernel Densities",
        "We study a setting of collecting and learning from private data distributed across end users. In the"
        " shuffled model of differential privacy, the end users partially protect their data locally before "
        "sharing it, and their data is also anonymized during its collection to enhance privacy.",
    ),
    (
        "Derivative-Free Guidance in Continuous and Discrete Diffusion Models with Soft Value-Based Decoding",
        "Diffusion models excel at capturing the natural design spaces of images, molecules, DNA, RNA, and "
        "protein sequences. However, rather than merely generating designs that are natural, we often aim to "
        "optimize downstream reward functions while preserving the naturalness of these design spaces.",
    ),
    (
        "Padé Activation Units: End-to-end Learning of Flexible Activation Functions in Deep Networks",
        "The performance of deep network learning strongly depends on the choice of the non-linear activation"
        " function associated with each neuron. However, deciding on the best activation is non-trivial, and "
        "the choice depends on the architecture, hyper-parameters, and even on the dataset.",
    ),
    (
        "Categorical Foundations of Gradient-Based Learning",
        "We propose a categorical semantics of gradient-based machine learning algorithms in terms of lenses,"
        " parametrised maps, and reverse derivative categories. This foundation provides a powerful "
        "explanatory and unifying framework: it encompasses a variety of gradient descent algorithms such as "
        "ADAM, AdaGrad, and Nesterov momentum, as well as a variety of loss functions such as as MSE and "
        "Softmax cross",
    ),
    (
        "Transformers can optimally learn regression mixture models",
        "Mixture models arise in many regression problems, but most methods have seen limited adoption partly"
        " due to these algorithms' highly-tailored and model-specific nature. On the other hand, transformers"
        " are flexible, neural sequence models that present the intriguing possibility of providing "
        "general-purpose prediction methods, even in this mixture setting.",
    ),
    (
        "DeeperGCN: All You Need to Train Deeper GCNs",
        "Graph Convolutional Networks (GCNs) have been drawing significant attention with the power of "
        "representation learning on graphs. Unlike Convolutional Neural Networks (CNNs), which are able to "
        "take advantage of stacking very deep layers, GCNs suffer from vanishing gradient, over-smoothing and"
        " over-fitting issues when going deeper.",
    ),
    (
        "Stochastic Hyperparameter Optimization through Hypernetworks",
        "Machine learning models are often tuned by nesting optimization of model weights inside the "
        "optimization of hyperparameters. We give a method to collapse this nested optimization into joint "
        "stochastic optimization of weights and hyperparameters.",
    ),
    (
        "Generative Kernel Continual learning",
        "Kernel continual learning by derakhshani2021kernel has recently emerged as a strong continual "
        "learner due to its non-parametric ability to tackle task interference and catastrophic forgetting. "
        "Unfortunately its success comes at the expense of an explicit memory to store samples from past "
        "tasks, which hampers scalability to continual learning settings with a large number of tasks.",
    ),
    (
        "Discrete Infomax Codes for Supervised Representation Learning",
        "Learning compact discrete representations of data is a key task on its own or for facilitating "
        "subsequent processing of data. In this paper we present a model that produces Discrete InfoMax Codes"
        " (DIMCO); we learn a probabilistic encoder that yields k-way d-dimensional codes associated with "
        "input data.",
    ),
    (
        "An Embarrassingly Simple Approach for Transfer Learning from Pretrained Language Models",
        "A growing number of state-of-the-art transfer learning methods employ language models pretrained on "
        "large generic corpora. In this paper we present a conceptually simple and effective transfer "
        "learning approach that addresses the problem of catastrophic forgetting.",
    ),
    (
        "Reliable Representations Make A Stronger Defender: Unsupervised Structure Refinement for Robust GNN",
        "Benefiting from the message passing mechanism, Graph Neural Networks (GNNs) have been successful on "
        "flourish tasks over graph data. However, recent studies have shown that attackers can "
        "catastrophically degrade the performance of GNNs by maliciously modifying the graph structure.",
    ),
    (
        "D-DARTS: Distributed Differentiable Architecture Search",
        "Differentiable ARchiTecture Search (DARTS) is one of the most trending Neural Architecture Search "
        "(NAS) methods. It drastically reduces search cost by resorting to weight-sharing.",
    ),
    (
        "SOInter: A Novel Deep Energy Based Interpretation Method for Explaining Structured Output Models",
        "We propose a novel interpretation technique to explain the behavior of structured output models, "
        "which learn mappings between an input vector to a set of output variables simultaneously. Because of"
        " the complex relationship between the computational path of output variables in structured models, a"
        " feature can affect the value of output through other ones.",
    ),
    (
        "The Universality Lens: Why Even Highly Over-Parametrized Models Learn Well",
        "A fundamental question in modern machine learning is why large, over-parameterized models, such as "
        "deep neural networks and transformers, tend to generalize well, even when their number of parameters"
        " far exceeds the number of training samples.",
    ),
    (
        "A Closer Look at Rehearsal-Free Continual Learning",
        "Continual learning is a setting where machine learning models learn novel concepts from continuously"
        " shifting training data, while simultaneously avoiding degradation of knowledge on previously seen "
        "classes which may disappear from the training data for extended periods of time (a phenomenon known "
        "as the catastrophic forgetting problem).",
    ),
    (
        "Accelerated Parameter-Free Stochastic Optimization",
        "We propose a method that achieves near-optimal rates for smooth stochastic convex optimization and "
        "requires essentially no prior knowledge of problem parameters. This improves on prior work which "
        "requires knowing at least the initial distance to optimality d0.",
    ),
    (
        "General-Purpose In-Context Learning by Meta-Learning Transformers",
        "Modern machine learning requires system designers to specify aspects of the learning pipeline, such "
        "as losses, architectures, and optimizers. Meta-learning, or learning-to-learn, instead aims to learn"
        " those aspects, and promises to unlock greater capabilities with less manual effort.",
    ),
    (
        "Semi-Supervised Learning for Multi-Task Scene Understanding by Neural Graph Consensus",
        "We address the challenging problem of semi-supervised learning in the context of multiple visual "
        "interpretations of the world by finding consensus in a graph of neural networks. Each graph node is "
        "a scene interpretation layer, while each edge is a deep net that transforms one layer at one node "
        "into another from a different node.",
    ),
    (
        "Neural Bellman-Ford Networks: A General Graph Neural Network Framework for Link Prediction",
        "Link prediction is a very fundamental task on graphs. Inspired by traditional path-based methods, in"
        " this paper we propose a general and flexible representation learning framework based on paths for "
        "link prediction.",
    ),
    (
        "Met^2Net: A Decoupled Two-Stage Spatio-Temporal Forecasting Model for Complex Meteorological Systems",
        "The increasing frequency of extreme weather events due to global climate change urges accurate "
        "weather prediction. Recently, great advances have been made by the end-to-end methods, thanks to "
        "deep learning techniques, but they face limitations of representation inconsistency in multivariable"
        " integration and struggle to effectively capture the dependency between variables, which is required"
        " in comp",
    ),
    (
        "Exploring Learngene via Stage-wise Weight Sharing for Initializing Variable-sized Models",
        "In practice, we usually need to build variable-sized models adapting for diverse resource "
        "constraints in different application scenarios, where weight initialization is an important step "
        "prior to training.",
    ),
    (
        "A Simple Approach to Unifying Diffusion-based Conditional Generation",
        "Recent progress in image generation has sparked research into controlling these models through "
        "condition signals, with various methods addressing specific challenges in conditional generation. "
        "Instead of proposing another specialized technique, we introduce a simple, unified framework to "
        "handle diverse conditional generation tasks involving a specific image-condition correlation.",
    ),
    (
        "ColorMAE: Exploring data-independent masking strategies in Masked AutoEncoders",
        "Masked AutoEncoders (MAE) have emerged as a robust self-supervised framework, offering remarkable "
        "performance across a wide range of downstream tasks. To increase the difficulty of the pretext task "
        "and learn richer visual representations, existing works have focused on replacing standard random "
        "masking with more sophisticated strategies, such as adversarial-guided and teacher-guided masking.",
    ),
    (
        "Discovering Temporally-Aware Reinforcement Learning Algorithms",
        "Recent advancements in meta-learning have enabled the automatic discovery of novel reinforcement "
        "learning algorithms parameterized by surrogate objective functions. To improve upon manually "
        "designed algorithms, the parameterization of this learned objective function must be expressive "
        "enough to represent novel principles of learning (instead of merely recovering already established "
        "ones) while sti",
    ),
    (
        "Meta-training with Demonstration Retrieval for Efficient Few-shot Learning",
        "Large language models show impressive results on few-shot NLP tasks. However, these models are "
        "memory and computation-intensive.",
    ),
    (
        "Neural Network-Based Score Estimation in Diffusion Models: Optimization and Generalization",
        "Diffusion models have emerged as a powerful tool rivaling GANs in generating high-quality samples "
        "with improved fidelity, flexibility, and robustness. A key component of these models is to learn the"
        " score function through score matching.",
    ),
    (
        "IncreLoRA: Incremental Parameter Allocation Method for Parameter-Efficient Fine-tuning",
        "With the increasing size of pre-trained language models (PLMs), fine-tuning all the parameters in "
        "the model is not efficient, especially when there are a large number of downstream tasks, which "
        "incur significant training and storage costs.",
    ),
    (
        "Stacking Your Transformers: A Closer Look at Model Growth for Efficient LLM Pre-Training",
        "LLMs are computationally expensive to pre-train due to their large scale. Model growth emerges as a "
        "promising approach by leveraging smaller models to accelerate the training of larger ones.",
    ),
    (
        "Hidden in the Noise: Two-Stage Robust Watermarking for Images",
        "As the quality of image generators continues to improve, deepfakes become a topic of considerable "
        "societal debate. Image watermarking allows responsible model owners to detect and label their "
        "AI-generated content, which can mitigate the harm.",
    ),
    (
        "ILLUME: Illuminating Your LLMs to See, Draw, and Self-Enhance",
        "In this paper, we introduce ILLUME, a unified multimodal large language model (MLLM) that seamlessly"
        " integrates multimodal understanding and generation capabilities within a single large language "
        "model through a unified next-token prediction formulation.",
    ),
    (
        "MiniCPM4: Ultra-Efficient LLMs on End Devices",
        "This paper introduces MiniCPM4, a highly efficient large language model (LLM) designed explicitly "
        "for end-side devices. We achieve this efficiency through systematic innovation in four key "
        "dimensions: model architecture, training data, training algorithms, and inference systems.",
    ),
    (
        "GUI-Reflection: Empowering Multimodal GUI Models with Self-Reflection Behavior",
        "Multimodal Large Language Models (MLLMs) have shown great potential in revolutionizing Graphical "
        "User Interface (GUI) automation. However, existing GUI models mostly rely on learning from nearly "
        "error-free offline trajectories, thus lacking reflection and error recovery capabilities.",
    ),
    (
        "MegaHan97K: A Large-Scale Dataset for Mega-Category Chinese Character Recognition with over 97K "
        "Categories",
        "Foundational to the Chinese language and culture, Chinese characters encompass extraordinarily "
        "extensive and ever-expanding categories, with the latest Chinese GB18030-2022 standard containing "
        "87,887 categories.",
    ),
    (
        "Inject, Align, Recover: Staged Post-Training for Retrieval-Free Document Knowledge Internalization",
        "Large language models often fail to answer questions about a bounded document collection when the "
        "source documents are not retrieved at inference time. We study this setting as document knowledge "
        "internalization: converting a fixed corpus into usable parametric knowledge for retrieval-free "
        "question answering.",
    ),
]


def test_every_seed_paper_gets_one_to_three_known_topics_and_other_is_rare(taxonomy):
    results = [topics_of(taxonomy, title, abstract) for title, abstract in SEED_SAMPLE]
    for (title, _), topics in zip(SEED_SAMPLE, results):
        assert 1 <= len(topics) <= MAX_TOPICS, title
        assert set(topics) <= set(DEFAULT_SLUGS), title
        assert OTHER not in topics or topics == (OTHER,), title
        assert len(set(topics)) == len(topics), title
    others = sum(topics == (OTHER,) for topics in results)
    assert others / len(results) <= 0.15  # excerpts only; over whole abstracts it is ~4%


def test_classification_is_deterministic(taxonomy):
    first = [classify_paper(title, abstract, (), taxonomy) for title, abstract in SEED_SAMPLE]
    again = [classify_paper(title, abstract, (), taxonomy) for title, abstract in SEED_SAMPLE]
    assert first == again


def test_classifying_many_papers_is_fast(taxonomy):
    papers = {
        f"p{i}": paper(f"p{i}", title, abstract)
        for i, (title, abstract) in enumerate(SEED_SAMPLE * (1000 // len(SEED_SAMPLE) + 1))
    }
    start = time.perf_counter()
    classify(Archive(papers=papers, days=()), taxonomy)
    assert time.perf_counter() - start < 4.0  # about 0.3 s; 10,000 whole papers take about 5 s


# --- tags ------------------------------------------------------------------------


def test_tag_synonyms_collapse_to_one_tag(taxonomy):
    for title in ("Large Language Models Are Few-Shot Learners", "LLMs Are Few-Shot Learners",
                  "An LLM Is a Few-Shot Learner", "Large language model agents"):
        assert "llm" in tags_of(taxonomy, title), title
    for title in ("NAS at Scale", "Neural Architecture Search at Scale", "Differentiable Architecture Search"):
        assert "neural-architecture-search" in tags_of(taxonomy, title), title
    tags = tags_of(taxonomy, "Mixture-of-Experts and MoE Routing", "A mixture of experts (MoE) with sparse experts.")
    assert tags.count("mixture-of-experts") == 1


def test_tags_are_alphabetical_and_capped(taxonomy):
    title = ("LoRA Quantization and Pruning with Knowledge Distillation for Mixture-of-Experts LLMs on Mobile "
             "Devices via Speculative Decoding, KV Cache Compression, Flash Attention and Gaussian Splatting NeRF")
    tags = tags_of(taxonomy, title)
    assert len(tags) == MAX_TAGS
    assert list(tags) == sorted(tags)


def test_a_single_abstract_mention_makes_no_tag_but_two_do(taxonomy):
    assert "quantization" not in tags_of(taxonomy, "Faster Transformers", "Unlike quantization, we prune heads.")
    twice = "We apply quantization. Quantization halves memory."
    assert "quantization" in tags_of(taxonomy, "Faster Transformers", twice)


def test_normalise_keyword():
    assert normalise_keyword("Large Language Models") == "large-language-model"
    assert normalise_keyword("Diffusion Models (DMs)") == "diffusion-model"
    assert normalise_keyword("policies") == "policy"
    assert normalise_keyword("Gaussian processes") == "gaussian-process"
    assert normalise_keyword("time series") == "time-series"
    assert normalise_keyword("attention bias") == "attention-bias"
    assert normalise_keyword("!!!") == ""


def test_api_keywords_map_through_the_vocabulary(taxonomy):
    keywords = ("LLM agents", "reinforcement learning (RL)", "EnvRigger", "verifiable rewards")
    tags = tags_of(taxonomy, "EnvHarness", "", keywords)
    assert {"llm", "llm-agents", "reinforcement-learning", "rlvr"} <= set(tags)
    assert "envrigger" not in tags  # specific, and one paper alone cannot share it


def test_archive_keeps_keywords_shared_by_two_papers(taxonomy):
    archive = Archive(
        papers={
            "a": paper("a", "First", keywords=("Co-Evolution", "EnvRigger")),
            "b": paper("b", "Second", keywords=("co-evolution",)),
            "c": paper("c", "Third", keywords=("Reinforcement learning",)),
            "d": paper("d", "Fourth", keywords=("reinforcement learning (RL)",)),
        },
        days=(),
    )
    tagged = classify(archive, taxonomy).papers
    assert tagged["a"].tags == ("co-evolution",)
    assert tagged["b"].tags == ("co-evolution",)
    assert tagged["c"].tags == tagged["d"].tags == ("reinforcement-learning",)


def test_a_tag_only_one_paper_has_gets_no_page(taxonomy):
    archive = Archive(papers={"a": paper("a", "First", keywords=("Reinforcement learning",))}, days=())
    assert classify(archive, taxonomy).papers["a"].tags == ()


def test_generic_shared_keywords_make_no_tag(taxonomy):
    archive = Archive(
        papers={key: paper(key, "Untitled", keywords=("state-of-the-art performance", "Framework")) for key in "ab"},
        days=(),
    )
    assert all(not p.tags for p in classify(archive, taxonomy).papers.values())


def test_code_links_add_has_code(taxonomy):
    archive = Archive(
        papers={
            "a": paper("a", OSP_TITLE, OSP_ABSTRACT, links=(Link("code", "https://github.com/x/y"),)),
            "b": paper("b", OSP_TITLE, OSP_ABSTRACT, links=(Link("project", "https://x.github.io"),)),
            "c": paper("c", "Another", links=(Link("code", "https://gitlab.com/x/z"),)),
        },
        days=(),
    )
    tagged = classify(archive, taxonomy).papers
    assert HAS_CODE in tagged["a"].tags
    assert HAS_CODE not in tagged["b"].tags
    assert set(tagged["a"].tags) - {HAS_CODE} <= set(tagged["b"].tags)


def test_tag_labels():
    assert tag_label("llm") == "LLM"
    assert tag_label("has-code") == "has code"
    assert tag_label("nerf") == "NeRF"
    assert tag_label("text-to-sql") == "text-to-SQL"
    assert tag_label("co-evolution") == "co evolution"


# --- classify() on an archive --------------------------------------------------------


def test_classify_fills_every_paper_and_leaves_the_input_alone(taxonomy):
    papers = {f"p{i}": paper(f"p{i}", title, abstract) for i, (title, abstract) in enumerate(SEED_SAMPLE)}
    archive = Archive(papers=papers, days=())
    result = classify(archive, taxonomy)
    assert list(result.papers) == list(papers)
    assert all(not p.topics and not p.tags for p in archive.papers.values())
    uses = Counter(tag for classified in result.papers.values() for tag in classified.tags)
    for key, classified in result.papers.items():
        topics, tags = classify_paper(classified.title, classified.abstract, (), taxonomy)
        assert classified.topics == topics
        assert classified.tags == tuple(tag for tag in tags if uses[tag] >= 2)  # lone tags dropped, no others
        assert dataclasses.replace(classified, topics=(), tags=()) == papers[key]
    assert classify(archive, taxonomy) == result


# --- taxonomy files ------------------------------------------------------------------

MINIMAL = """\
topics:
  - slug: robots
    name: Robots
    scope: robot papers
    rules:
      - terms: [robot, RL]
        weight: 1.5
  - slug: other
    name: Other
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_user_taxonomy_replaces_topics_and_keeps_the_default_tags(tmp_path):
    custom = load_taxonomy(write(tmp_path, MINIMAL))
    assert custom.slugs == ("robots", "other")
    assert custom.source == str(tmp_path / "topics.yaml")
    topics, tags = classify_paper("A Robot That Learns", "", (), custom)
    assert topics == ("robots",)
    assert classify_paper("Transformers", "", (), custom)[0] == (OTHER,)
    assert tags_of(custom, "Large Language Models") == ("llm",)


def error(tmp_path: Path, text: str) -> DigestError:
    path = write(tmp_path, text)
    with pytest.raises(DigestError) as caught:
        load_taxonomy(path)
    problem = caught.value.problem
    assert problem.source == str(path)
    assert str(path) in str(caught.value)
    return caught.value


# id: (edit of MINIMAL or whole file, line of the problem, part of `found`, part of `expected`)
BAD_TAXONOMIES = {
    "unknown-key": (("    scope: robot papers", "    scope: robot papers\n    colour: red"),
                    5, "unknown key 'colour'", "slug, name, scope, rules"),
    "missing-slug": (("  - slug: robots\n    name", "  - name"), 2, "no `slug`", "`slug`"),
    "duplicate-slug": (("slug: other", "slug: robots"), 8, "topic slug 'robots' again (first on line 2)", "once"),
    "no-other": (("slug: other", "slug: misc"), 1, "no `other` topic", "`other`"),
    "bad-regex": (("[robot, RL]", "[robot]\n        patterns: ['(unclosed']"), 7, "does not compile", "regex"),
    "bad-weight": (("weight: 1.5", "weight: heavy"), 7, "weight 'heavy'", "a positive number"),
    "bad-slug": (("slug: robots", "slug: Robots!"), 2, "slug 'Robots!'", "'robots'"),
    "terms-not-a-list": (("terms: [robot, RL]", "terms: robot"), 6, "'robot' for `terms`", "a list"),
    "wordless-term": (("[robot, RL]", "[robot, '++']"), 6, "term '++' without a letter or digit", "a word"),
    "empty-rule": (("      - terms: [robot, RL]\n        weight: 1.5\n", "      - weight: 2\n"),
                   6, "without terms or patterns", "`terms` or `patterns`"),
    "rules-on-other": (MINIMAL + "    rules:\n      - terms: [misc]\n", 10, "rules for `other`", "fallback"),
    "combines-unknown": (("    scope: robot papers", "    scope: robot papers\n    combines: [drones]"),
                         5, "`combines` names 'drones'", "another topic"),
    "combines-itself": (("    scope: robot papers", "    scope: robot papers\n    combines: [robots]"),
                        5, "`combines` names 'robots'", "another topic"),
    "tool-not-a-boolean": (("    scope: robot papers", "    scope: robot papers\n    tool: maybe"),
                           5, "the value 'maybe'", "true or false"),
    "duplicate-tag": (MINIMAL + "tags:\n  - {slug: gan, terms: [GAN]}\n  - {slug: gan, terms: [GANs]}\n",
                      12, "tag slug 'gan' again", "each tag slug once"),
    "yaml-syntax": ("topics: [\n  {slug: a, name: A\n", 3, "", "valid YAML"),
    "not-a-mapping": ("- just\n- a list\n", 1, "a list at the top", "`topics`"),
    "no-topics": ("tags: []\n", 1, "no `topics`", "`topics`"),
}


@pytest.mark.parametrize(("source", "line", "found", "expected"), BAD_TAXONOMIES.values(), ids=BAD_TAXONOMIES)
def test_taxonomy_file_errors_name_file_line_found_and_expected(tmp_path, source, line, found, expected):
    text = MINIMAL.replace(*source) if isinstance(source, tuple) else source
    problem = error(tmp_path, text).problem
    assert problem.line == line
    assert found in problem.found
    assert expected in problem.expected


def test_a_topic_that_combines_others_keeps_them_off_its_papers_unless_they_are_stronger(tmp_path):
    custom = load_taxonomy(write(tmp_path, """\
        topics:
          - slug: language
            name: Language
            rules: [{terms: [language model], weight: 1.5}]
          - slug: vision
            name: Vision
            rules: [{terms: [image], weight: 1.5}]
          - slug: vision-language
            name: Vision-Language
            combines: [language, vision]
            rules: [{terms: [vision-language model], weight: 2}]
          - slug: other
            name: Other
        """))
    joined = "We train a vision-language model. The vision-language model reads an image and a language model writes."
    assert topics_of(custom, "A Vision-Language Model", joined) == ("vision-language",)
    led_by_language = "A language model, a language model, an image; a vision-language model, a vision-language model."
    assert topics_of(custom, "Language Models", led_by_language) == ("language", "vision-language")


def test_a_tool_topic_comes_after_the_subject_it_serves(tmp_path):
    custom = load_taxonomy(write(tmp_path, """\
        topics:
          - slug: language
            name: Language
            tool: true
            rules: [{terms: [language model], weight: 3}]
          - slug: safety
            name: Safety
            rules: [{terms: [jailbreak], weight: 1.5}]
          - slug: other
            name: Other
        """))
    jailbreaks = "A language model, a language model, a language model is attacked: a jailbreak, a jailbreak."
    assert topics_of(custom, "Attacks", jailbreaks) == ("safety", "language")
    passing = "A language model and a language model meet a jailbreak, a jailbreak."
    assert topics_of(custom, "Language Models", passing) == ("language",)


def test_a_tool_topic_listed_second_does_not_set_the_bar_for_a_third(tmp_path):
    custom = load_taxonomy(write(tmp_path, """\
        topics:
          - slug: language
            name: Language
            tool: true
            rules: [{terms: [language model], weight: 4}]
          - slug: safety
            name: Safety
            rules: [{terms: [jailbreak], weight: 2.5}]
          - slug: data
            name: Data
            rules: [{terms: [benchmark], weight: 2}]
          - slug: other
            name: Other
        """))
    # language 8, safety 5 (first: the subject), data 4: 0.7 of safety's evidence, not of the tool's.
    text = "A language model and a language model face a jailbreak and a jailbreak in a benchmark and a benchmark."
    assert topics_of(custom, "A Study", text) == ("safety", "language", "data")


def test_the_ai_summary_is_a_stated_contribution(taxonomy):
    abstract = ("Diffusion models generate images; diffusion models denoise images, and image generation is costly. "
                "A sparse autoencoder explains the model's neurons.")
    paper = Paper(key="p", title="A Study", abstract=abstract)
    summarised = dataclasses.replace(
        paper, key="q", hf=HfFields(ai_summary="The paper explains neurons with a sparse autoencoder for interpretability."))
    archive = classify(Archive(papers={"p": paper, "q": summarised}, days=()), taxonomy)
    assert archive.papers["p"].topics[0] == "generation"
    assert archive.papers["q"].topics[0] == "interpretability"


def test_the_title_topic_goes_first(taxonomy):
    abstract = ("We study images and image datasets with a diffusion model: the images are denoised. "
                "Interpretability tools show which neurons matter, with a sparse autoencoder.")
    assert topics_of(taxonomy, "Sparse Autoencoders Explain Diffusion Models", abstract)[0] == "interpretability"


def test_the_topic_of_the_stated_contribution_goes_first(taxonomy):
    abstract = ("Diffusion models generate images; diffusion models denoise images, and image generation is costly. "
                "We propose a sparse autoencoder for interpretability that explains the model's neurons.")
    assert topics_of(taxonomy, "A Study", abstract)[0] == "interpretability"


def test_generative_methods_count_for_generation_only_on_pictures(taxonomy):
    speech = "A diffusion model with flow matching synthesises speech: the diffusion model and flow matching sampler."
    assert topics_of(taxonomy, "Flow Matching for Speech Synthesis", speech) == ("audio",)
    soundtrack = ("Music generation for video: a latent diffusion model writes music and sound for each video "
                  "frame; the music follows the video.")
    assert topics_of(taxonomy, "Video-to-Music Generation with Latent Diffusion", soundtrack) == ("audio",)
    pictures = "A diffusion model with flow matching synthesises images: the diffusion model and flow matching sampler."
    assert topics_of(taxonomy, "Flow Matching for Image Synthesis", pictures)[0] == "generation"


def test_a_reported_speedup_is_evidence_of_efficiency(taxonomy):
    title = "Parallel Decoding for Autoregressive Image Generation"
    measured = "Decoding distant tokens in parallel gives a 3.6x speedup, and up to 9.5x faster sampling."
    assert topics_of(taxonomy, title, measured) == ("generation", "efficiency")
    assert topics_of(taxonomy, title, "Decoding distant tokens in parallel gives a speedup and faster sampling.") == (
        "generation",)


def test_an_unreadable_taxonomy_file_is_a_digest_error(tmp_path):
    with pytest.raises(DigestError) as caught:
        load_taxonomy(tmp_path / "missing.yaml")
    assert caught.value.problem.source == str(tmp_path / "missing.yaml")


def test_two_terms_matching_the_same_words_count_the_same_whatever_the_set_order():
    """A paper's topics never depend on the iteration order of a set (it varies between runs)."""
    terms = Terms.build(["representations", *(f"filler{n}" for n in range(7)), "representation"])
    field = Field.of("Representations of representations and representations.")
    assert terms.matches(field, {8, 0}) == terms.matches(field, {0, 8})


def test_a_topics_file_is_parsed_once_until_it_changes(tmp_path):
    """`mkdocs serve` keeps a TaxonomyCache: an unchanged custom topics file keeps its Classifier
    (and the classifications it holds); an edited one is read again."""
    topics = tmp_path / "topics.yaml"
    topics.write_text("topics:\n  - slug: other\n    name: Other\n", encoding="utf-8")
    cache = TaxonomyCache()
    first = cache.classifier(topics)
    assert cache.classifier(topics) is first and first.taxonomy.slugs == ("other",)
    topics.write_text("topics:\n  - slug: other\n    name: Everything else\n", encoding="utf-8")
    second = cache.classifier(topics)
    assert second is not first and second.taxonomy.name("other") == "Everything else"
    assert cache.classifier(None).taxonomy.slugs == tuple(DEFAULT_SLUGS)
