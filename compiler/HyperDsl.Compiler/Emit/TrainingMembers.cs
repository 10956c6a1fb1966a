using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit;

/// <summary>Declared losses, regularisers, episodic weighting, adaptation and noise ensembles as model methods.</summary>
internal static class TrainingMembers
{
    public static void Emit(CodeWriter writer, EmitContext context, NameScope members, string conditionArguments, bool needsInput)
    {
        var model = context.Model;
        var training = model.Training;
        var prediction = training.Losses.Where(l => l.Target == LossTarget.Prediction).ToList();
        var domain = training.Losses.Where(l => l.Target != LossTarget.Prediction).ToList();

        foreach (var loss in prediction)
        {
            writer.Line();
            writer.Line($"/// <summary>The loss <c>{DocComments.Inline(loss.Name)}</c> ({loss.Kind}, unweighted) of a prediction against its target.</summary>");
            writer.Open($"public Tensor {members["loss:" + loss.Name]}(Tensor prediction, Tensor target)");
            writer.MapTo(loss.Span);
            writer.Line($"return {LossCall(loss, "prediction", "target")};");
            writer.Close();
        }
        if (prediction.Count > 0)
        {
            writer.Line();
            writer.Line("/// <summary>The weighted sum of the prediction losses declared in the .hyp file.</summary>");
            writer.Line($"public Tensor {members["member:Loss"]}(Tensor prediction, Tensor target) => {WeightedSum(prediction, l => $"{members["loss:" + l.Name]}(prediction, target)")};");
        }

        foreach (var loss in domain)
        {
            var (classifier, property) = DomainNetwork(context, members, loss);
            writer.Line();
            writer.Line($"/// <summary>The loss <c>{DocComments.Inline(loss.Name)}</c> ({loss.Kind}, unweighted) of the domain classifier on <paramref name=\"domainInput\"/>.</summary>");
            writer.Open($"public Tensor {members["loss:" + loss.Name]}(Tensor domainInput, Tensor labels)");
            writer.Line($"var outputs = {classifier}.call(domainInput);");
            writer.MapTo(loss.Span);
            writer.Line($"return {LossCall(loss, "outputs." + property, "labels")};");
            writer.Close();
        }
        if (domain.Count > 0 && domain.Select(l => l.Condition).Distinct(ReferenceEqualityComparer.Instance).Count() == 1)
        {
            var classifier = DomainNetwork(context, members, domain[0]).Classifier;
            writer.Line();
            writer.Line("/// <summary>The weighted sum of the domain losses, running the domain classifier once.</summary>");
            writer.Open($"public Tensor {members["member:DomainLoss"]}(Tensor domainInput, Tensor labels)");
            writer.Line($"var outputs = {classifier}.call(domainInput);");
            writer.Line($"return {WeightedSum(domain, l => LossCall(l, "outputs." + DomainNetwork(context, members, l).Property, "labels"))};");
            writer.Close();
        }

        if (training.Regularizers.Length > 0 && model.Hypernet is not null)
        {
            writer.Line();
            writer.Line("/// <summary>The declared regularisers: L2 of the generated weights and/or of the hypernetwork's parameters, weighted.</summary>");
            writer.Open($"public Tensor {members["member:RegularizationLoss"]}(GeneratedWeights generated)");
            var terms = training.Regularizers.Select(r => (r.Kind == RegularizerKind.GeneratedL2
                ? "generated.SquaredNorm()" : $"{members["hypernet"]}.ParameterSquaredNorm()") + " * " + CSharpLiterals.Double(r.Weight));
            writer.Line($"return {string.Join(" + ", terms)};");
            writer.Close();
        }

        if (prediction.Count > 0 && model.Hypernet is null)
        {
            writer.Line();
            writer.Line("/// <summary>The training loss of one batch as the .hyp file declares it: the weighted prediction losses (nothing is generated).</summary>");
            writer.Line($"public Tensor {members["member:TrainingLoss"]}({context.ConditionClass} condition, Tensor input, Tensor target) => {members["member:Loss"]}(forward(input, null), target);");
        }
        else if (prediction.Count > 0)
        {
            var regularisers = training.Regularizers.Length > 0 ? $" + {members["member:RegularizationLoss"]}(generated)" : "";
            writer.Line();
            writer.Line("/// <summary>");
            writer.Line("/// The training loss of one batch as the .hyp file declares it: weights generated once, the weighted prediction");
            writer.Line(training.Regularizers.Length > 0
                ? "/// losses and the declared regularisers. (Domain losses read their own labels: add them separately.)"
                : "/// losses; no regularisers are declared. (Domain losses read their own labels: add them separately.)");
            writer.Line("/// </summary>");
            writer.Open($"public Tensor {members["member:TrainingLoss"]}({context.ConditionClass} condition, Tensor input, Tensor target)");
            writer.Line($"var generated = {members["member:Generate"]}({(needsInput ? "condition, input" : "condition")});");
            writer.Line($"return {members["member:Loss"]}(forward(input, generated), target){regularisers};");
            writer.Close();
        }

        if (training.EpisodicBeta is { } beta)
        {
            writer.Line();
            writer.Line($"/// <summary>Episodic weighting: {CSharpLiterals.Double(beta)} * support loss + (1 - {CSharpLiterals.Double(beta)}) * query loss.</summary>");
            writer.Line($"public Tensor {members["member:EpisodicLoss"]}(Tensor supportLoss, Tensor queryLoss) => Losses.Episodic(supportLoss, queryLoss, {CSharpLiterals.Double(beta)});");
        }

        if (training.AdaptationLearningRate is { } rate && model.Hypernet is not null && prediction.Count > 0)
        {
            writer.Line();
            writer.Line("/// <summary>");
            writer.Line("/// The generated weights after one gradient step on the support pair (the declared adaptation step):");
            writer.Line($"/// weights for <paramref name=\"condition\"/>, adapted with learning rate {CSharpLiterals.Double(rate)} on <see cref=\"{members["member:Loss"]}\"/>.");
            writer.Line("/// </summary>");
            // When generation reads the model input (domain from input, noise), the support input stands in for it.
            var arguments = needsInput ? "condition, supportInput" : conditionArguments;
            writer.Open($"public GeneratedWeights {members["member:Adapt"]}({context.ConditionClass} condition, Tensor supportInput, Tensor supportTarget)");
            writer.Line($"var generated = {members["member:Generate"]}({arguments});");
            writer.Line($"return Adaptation.Step(generated, weights => {members["member:Loss"]}(forward(supportInput, weights), supportTarget), {CSharpLiterals.Double(rate)});");
            writer.Close();
        }

        if (model.Conditions.FirstOrDefault(c => c.Kind == ConditionKind.Noise) is { } noise && model.Hypernet is not null)
        {
            writer.Line();
            writer.Line("/// <summary>Predictions for <paramref name=\"samples\"/> noise draws: their mean and variance (uncertainty).</summary>");
            writer.Line($"public (Tensor Mean, Tensor Variance) {members["member:Ensemble"]}({context.ConditionClass} condition, Tensor input, int samples = {CSharpLiterals.Long(Math.Max(1, noise.Count))}) =>");
            writer.Line("    global::HyperDsl.Runtime.Training.Ensemble.Predict(() => forward(condition, input), samples);");
        }
    }

    private static (string Classifier, string Property) DomainNetwork(EmitContext context, NameScope members, BoundLoss loss)
    {
        var (condition, network) = ModelFacts.DomainOf(loss);
        var property = loss.Target == LossTarget.DomainEmbedding
            ? ModelEmitter.FeaturesProperty(network, condition.FeaturesValue)
            : NetworkEmitter.OutputProperties(network)[0].Property;
        return (members["aux:" + network.Name], property);
    }

    private static string WeightedSum(IEnumerable<BoundLoss> losses, Func<BoundLoss, string> term) =>
        string.Join(" + ", losses.Select(l => l.Weight == 1.0 ? term(l) : $"{term(l)} * {CSharpLiterals.Double(l.Weight)}"));

    private static string LossCall(BoundLoss loss, string prediction, string target)
    {
        // The binder resolved every setting of the loss, given or default.
        string Parameter(string name) => CSharpLiterals.Double(loss.Parameters[name]);
        return loss.Kind switch
        {
            LossKind.Mae => $"Losses.Mae({prediction}, {target})",
            LossKind.Mse => $"Losses.Mse({prediction}, {target})",
            LossKind.CrossEntropy => $"Losses.CrossEntropy({prediction}, {target})",
            LossKind.Bce => $"Losses.Bce({prediction}, {target})",
            LossKind.DiceBce => $"Losses.DiceBce({prediction}, {target}, smooth: {Parameter("smooth")})",
            LossKind.MultiSimilarity =>
                $"Losses.MultiSimilarity({prediction}, {target}, alpha: {Parameter("alpha")}, beta: {Parameter("beta")}, " +
                $"lambda: {Parameter("lambda")}, margin: {Parameter("margin")})",
            _ => throw new InvalidOperationException($"loss kind {loss.Kind} has no C# form"),
        };
    }
}
