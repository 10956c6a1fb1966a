using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Tests.Binding;

/// <summary>What the binder produces: paths, roles, SSA steps with shapes, generated slots, conditions, training.</summary>
public sealed class ElaborationTests
{
    private static BoundModel Example(string file)
    {
        var result = Compilation.CompileFile(TestSupport.Example(file));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.File!.Models);
    }

    private static BoundModel Bind(string text)
    {
        var result = TestSupport.Compile(text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.File!.Models);
    }

    private static BoundLayer Layer(BoundModel m, string path) => m.Target.Layers.Single(l => l.Path == path);

    [Fact]
    public void UNetDecoderConvolutionsAndHeadAreGeneratedNormsAndUpsamplingShared()
    {
        var m = Example("TaskUNet3d/task_unet3d.hyp");
        Assert.Equal(LayerRoleKind.External, Layer(m, "decoder.0.conv.conv1.0").Role.Kind);
        Assert.Equal(LayerRoleKind.External, Layer(m, "decoder.3.conv.residual").Role.Kind);
        Assert.Equal(LayerRoleKind.Trainable, Layer(m, "decoder.0.conv.conv1.1").Role.Kind);   // group norm
        Assert.Equal(LayerKind.GroupNorm, Layer(m, "decoder.0.conv.conv1.1").Kind);
        Assert.Equal(LayerRoleKind.Trainable, Layer(m, "decoder.0.up").Role.Kind);
        Assert.Equal(LayerRoleKind.Trainable, Layer(m, "encoder.2.conv.conv2.0").Role.Kind);
        Assert.Equal(LayerRoleKind.External, Layer(m, "head").Role.Kind);
        // Steps hold the layers they run, not names: the step of a layer is found by reference.
        var conv = Layer(m, "decoder.0.conv.conv1.0");
        Assert.Same(conv, Assert.Single(m.Target.Steps, s => ReferenceEquals(s.Layer, conv)).Layer);
        // The decoder's first level adds the deepest encoder level's block output (the additive skip).
        var skip = m.Target.Steps.Single(s => s.Result == "decoder.0.up");
        Assert.Equal(StepOpKind.Add, skip.Op.Kind);
        Assert.Equal("encoder.3.conv", skip.Arguments[1]);
        Assert.Equal<long>([256L, 4, 4, 4], skip.ResultShape);
        Assert.Equal<long>([1L, 32, 32, 32], m.Target.OutputShape);
        // 4 levels x 3 convolutions + head, each weight and bias.
        Assert.Equal((4 * 3 + 1) * 2, m.Generated.Length);
        Assert.Equal<long>([128L, 256, 3, 3, 3], m.Generated[0].Shape);
        Assert.Equal(256 * 27, m.Generated[0].FanIn);
        Assert.Equal(0.01, m.Target.Steps.First(s => s.Op.Kind == StepOpKind.Activation).Op.Value, 12);
        Assert.Equal(Math.Sqrt(2 / (1 + 1e-4)), m.Generated[0].Gain, 12);
    }

    [Fact]
    public void VitLoraTargetsAreAddressableByPattern()
    {
        var m = Example("HyperCT/hyperct.hyp");
        var lora = m.Target.Layers.Where(l => l.Role.Kind == LayerRoleKind.Lora).Select(l => l.Path).ToList();
        Assert.Equal(72, lora.Count);
        Assert.Contains("blocks.11.mlp.fc2", lora);
        Assert.All(m.Target.Layers.Where(l => l.Role.Kind == LayerRoleKind.Lora), l => Assert.Equal((16, 32.0), (l.Role.Rank, l.Role.Alpha)));
        Assert.Equal(LayerRoleKind.Frozen, Layer(m, "patch_embed").Role.Kind);
        Assert.Equal(LayerRoleKind.Frozen, Layer(m, "blocks.4.norm1").Role.Kind);
        Assert.Equal(LayerRoleKind.Trainable, Layer(m, "head").Role.Kind);
        Assert.Equal(("blocks.0.attn.q.lora_a", GeneratedKind.LoraA), (m.Generated[0].Name, m.Generated[0].Kind));
        Assert.Equal<long>([16L, 768], m.Generated[0].Shape);
        Assert.Equal(("blocks.0.attn.q.lora_b", 1), (m.Generated[1].Name, Layer(m, "blocks.0.attn.q").Parameters.Single(p => p.Name == "lora_b").Slot));
        Assert.Equal<long>([3072L, 16], m.Generated.Single(g => g.Name == "blocks.7.mlp.fc1.lora_b").Shape);
        Assert.Equal((11, "blocks.mlp.fc2"), (m.Generated[^1].Depth, m.Generated[^1].ComponentType));
        Assert.Equal<long>([197L, 768], m.Target.Steps.Single(s => s.Result == "pos_embed").ResultShape);
        Assert.Equal<long>([1L], m.Target.OutputShape);
        var attention = m.Target.Steps.First(s => s.Op.Kind == StepOpKind.Attention);
        Assert.Equal<string>(["blocks.0.attn.q", "blocks.0.attn.k", "blocks.0.attn.v"], attention.Arguments);
        Assert.Equal<long>([12L], attention.Op.Ints);
        Assert.Equal(StrategyKind.PerComponent, m.Hypernet!.Strategy);
        Assert.Equal<ComponentAttribute>([ComponentAttribute.Depth, ComponentAttribute.Type], m.Hypernet.ComponentAttributes);
    }

    [Fact]
    public void LaterRoleDeclarationsWin()
    {
        var text = """
            model M {
                input x: [8];
                condition task = task(count: 2, dim: 4);
                target network net {
                    frozen *;
                    external a = linear(8, 8);
                    b = linear(8, 8);
                    external b;
                    trainable a;
                }
                hypernet from task {
                    body mlp(8);
                }
            }
            """;
        var m = Bind(text);
        Assert.Equal(LayerRoleKind.Trainable, Layer(m, "a").Role.Kind);
        Assert.Equal(LayerRoleKind.External, Layer(m, "b").Role.Kind);
        Assert.Equal(["b.weight", "b.bias"], m.Generated.Select(g => g.Name));
    }

    [Fact]
    public void LoopsBindIndexAndTupleValuesAndConstantsCompute()
    {
        var text = """
            let base = 4;
            model M {
                input x: [8];
                target network net {
                    stack = for i, cin, cout in [(8, base * 2), (base * 2, 16)]: linear(cin, cout) -> relu;
                    more = for k in 0..3: linear(16 + k - k, 16);
                    last = stack[1] -> linear(16, 2);
                    output last;
                }
            }
            """;
        var m = Bind(text);
        Assert.Equal(["stack.0", "stack.1", "more.0", "more.1", "more.2", "last"], m.Target.Layers.Select(l => l.Path));
        Assert.Equal((8L, 8L), (Layer(m, "stack.0").Arguments.InFeatures, Layer(m, "stack.0").Arguments.OutFeatures));
        Assert.Equal("stack.1", m.Target.Steps.Single(s => s.Result == "last").Arguments[0]);
        Assert.Equal("last", m.Target.OutputValue);
        Assert.Equal<long>([2L], m.Target.OutputShape);
        Assert.Empty(m.Generated);
    }

    [Fact]
    public void DomainConditionTrainingAndHashOfHyda()
    {
        var m = Example("HyDA/hyda.hyp");
        var domain = Assert.Single(m.Conditions);
        Assert.Equal((ConditionKind.Domain, 16L, 6L, true), (domain.Kind, domain.EmbeddingSize, domain.Count, domain.FromInput));
        var classifier = Assert.Single(m.AuxiliaryNetworks);
        Assert.Same(classifier, domain.Network);
        Assert.All(m.Training.Losses.Where(l => l.Target != LossTarget.Prediction), l => Assert.Same(domain, l.Condition));
        Assert.Same(domain, Assert.Single(m.Hypernet!.Sources));
        Assert.Equal("embedding", classifier.NamedOutputs["embedding"]);
        Assert.Equal([LossTarget.Prediction, LossTarget.DomainLogits, LossTarget.DomainEmbedding], m.Training.Losses.Select(l => l.Target));
        Assert.Equal(50.0, m.Training.Losses[2].Parameters["beta"]);
        Assert.Equal(0.5, m.Training.Losses[2].Weight);
        Assert.Equal(RegularizerKind.GeneratedL2, Assert.Single(m.Training.Regularizers).Kind);
        Assert.Equal(["head.2", "head.4", "head.6"], m.Target.Layers.Where(l => l.Role.Kind == LayerRoleKind.External).Select(l => l.Path));
        Assert.Equal(StrategyKind.PerLayerHeads, m.Hypernet!.Strategy);
        Assert.Equal(HyperInit.HyperfanIn, m.Hypernet.Init);

        var text = File.ReadAllText(TestSupport.Example("HyDA/hyda.hyp"));
        // The hash is the checkpoint contract: comments, doc comments and training weights keep it; stored tensors change it.
        Assert.Equal(m.DeclarationHash, Bind(text.Replace("training {", "training { // a comment", StringComparison.Ordinal)).DeclarationHash);
        Assert.Equal(m.DeclarationHash, Bind(text.Replace("/// The domain classifier", "/// Edited: the domain classifier", StringComparison.Ordinal)).DeclarationHash);
        Assert.Equal(m.DeclarationHash, Bind(text.Replace("weight 1e-5", "weight 1e-4", StringComparison.Ordinal)).DeclarationHash);
        Assert.NotEqual(m.DeclarationHash, Bind(text.Replace("embedding = linear(64, 16)", "embedding = linear(64, 17)", StringComparison.Ordinal)
            .Replace("logits = linear(16, 6)", "logits = linear(17, 6)", StringComparison.Ordinal)).DeclarationHash);
        Assert.NotEqual(m.DeclarationHash, Bind(text.Replace("head = linear(64, 32) -> relu -> external", "head = linear(64, 32) -> relu -> ", StringComparison.Ordinal)).DeclarationHash);
    }

    [Fact]
    public void EpisodicAdaptationAndBoundOfTheUNet()
    {
        var m = Example("TaskUNet3d/task_unet3d.hyp");
        Assert.Equal((0.2, 0.01), (m.Training.EpisodicBeta, m.Training.AdaptationLearningRate));
        Assert.Equal(1.0, m.Hypernet!.BoundScale);
        Assert.Equal((StrategyKind.Chunked, 1728L, 64L), (m.Hypernet.Strategy, m.Hypernet.ChunkSize, m.Hypernet.EmbeddingSize));
        var support = Assert.Single(m.Conditions);
        Assert.Equal((ConditionKind.SupportMask, 128L, 32L, 0.7), (support.Kind, support.EmbeddingSize, support.Patches, support.Boundary));
        Assert.Equal<long>([1L, 32, 32, 32], support.InputShape);
        var chunks = (m.Generated.Sum(g => g.Count) + 1727) / 1728;
        Assert.Equal(chunks * 64, m.Parameters.Rows.Single(r => r.Name == "hypernet.chunk_embeddings").Count);
    }

    [Fact]
    public void TabularAndNoiseConditions()
    {
        var fusion = Example("HyperFusion/hyperfusion.hyp");
        var tabular = Assert.Single(fusion.Conditions);
        Assert.Equal(6, tabular.Columns.Length);
        Assert.Equal(MissingValues.Indicator, tabular.Missing);
        // Indicator columns double the encoder input: 12 -> 16 -> 8.
        Assert.Equal(12 * 16 + 16 + 16 * 8 + 8, fusion.Parameters.Total(ParameterOwner.Conditioning));
        var noise = Assert.Single(Example("teaching/noise.hyp").Conditions);
        Assert.Equal((ConditionKind.Noise, 16L, 10L), (noise.Kind, noise.EmbeddingSize, noise.Count));
    }
}
