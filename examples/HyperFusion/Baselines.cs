using HyperDsl.Examples.Shared.Reporting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperFusion;

/// <summary>The imaging network's feature extractor: two conv + ReLU + 2× max-pool stages, flattened (positions kept).</summary>
public sealed class ImageEncoder : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2;

    /// <summary>Creates the encoder for the architecture's channels.</summary>
    public ImageEncoder(FusionArchitecture a) : base("image")
    {
        conv1 = nn.Conv2d(1, a.Channels[0], 3, padding: 1);
        conv2 = nn.Conv2d(a.Channels[0], a.Channels[1], 3, padding: 1);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.max_pool2d(nn.functional.relu(conv1.forward(image)), 2);
        h = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(h)), 2);
        return h.flatten(1).MoveToOuterDisposeScope();
    }
}

/// <summary>Base of the hand-written baselines: a module, a name, no regulariser.</summary>
public abstract class BaselineModel(string name, nn.Module<Tensor, Tensor, Tensor> module, Device device) : IFusionModel
{
    readonly nn.Module<Tensor, Tensor, Tensor> module = Moved(module, device);

    static nn.Module<Tensor, Tensor, Tensor> Moved(nn.Module<Tensor, Tensor, Tensor> m, Device device)
    {
        m.to(device);
        return m;
    }

    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Baseline;

    /// <inheritdoc/>
    public nn.Module Module => module;

    /// <inheritdoc/>
    public Tensor Forward(Tensor image, Tensor tabular) => module.forward(image, tabular).squeeze(-1);

    /// <inheritdoc/>
    public (Tensor Output, Tensor Regularization) ForwardForTraining(Tensor image, Tensor tabular) =>
        (Forward(image, tabular), zeros(1, device: image.device).squeeze());

    /// <inheritdoc/>
    public void Dispose() => module.Dispose();
}

/// <summary>Image only: the imaging network with ordinary trainable layers; tabular values are ignored.</summary>
public sealed class ImageOnly(FusionArchitecture a, Device device) : BaselineModel("image only", new Net(a), device)
{
    sealed class Net : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly ImageEncoder image;
        readonly Linear fc1, fc2;

        public Net(FusionArchitecture a) : base("ImageOnly")
        {
            image = new ImageEncoder(a);
            fc1 = nn.Linear(a.ImageFeatures, a.Hidden);
            fc2 = nn.Linear(a.Hidden, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x, Tensor tabular) => fc2.forward(nn.functional.relu(fc1.forward(image.forward(x))));
    }
}

/// <summary>Tabular only: an MLP on the tabular row; the image is ignored.</summary>
public sealed class TabularOnly(int columns, FusionArchitecture a, Device device) : BaselineModel("tabular only", new Net(columns, a), device)
{
    sealed class Net : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly Linear fc1, fc2, fc3;

        public Net(int columns, FusionArchitecture a) : base("TabularOnly")
        {
            fc1 = nn.Linear(columns, a.TabularHidden);
            fc2 = nn.Linear(a.TabularHidden, a.Hidden);
            fc3 = nn.Linear(a.Hidden, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor image, Tensor t) =>
            fc3.forward(nn.functional.relu(fc2.forward(nn.functional.relu(fc1.forward(t)))));
    }
}

/// <summary>Concatenation fusion: image features and encoded tabular values concatenated, then the same fully connected layers.</summary>
public sealed class ConcatFusion(int columns, FusionArchitecture a, Device device) : BaselineModel("concatenation fusion", new Net(columns, a), device)
{
    sealed class Net : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly ImageEncoder image;
        readonly Linear tab, fc1, fc2;

        public Net(int columns, FusionArchitecture a) : base("ConcatFusion")
        {
            image = new ImageEncoder(a);
            tab = nn.Linear(columns, a.TabularHidden);
            fc1 = nn.Linear(a.ImageFeatures + a.TabularHidden, a.Hidden);
            fc2 = nn.Linear(a.Hidden, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x, Tensor t)
        {
            using var scope = NewDisposeScope();
            var features = cat([image.forward(x), nn.functional.relu(tab.forward(t))], 1);
            return fc2.forward(nn.functional.relu(fc1.forward(features))).MoveToOuterDisposeScope();
        }
    }
}
