using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>Declared losses, regularisers, episodic weighting, adaptation and noise ensembles as model methods.</summary>
internal static class PyTrainingWriter
{
    public static void Write(PythonWriter writer, PyContext context, string conditionArguments, bool needsInput)
    {
        var model = context.Model;
        var training = model.Training;
        var members = context.Members;
        var target = "self." + members[model.Target];
        var prediction = training.Losses.Where(l => l.Target == LossTarget.Prediction).ToList();
        var domain = training.Losses.Where(l => l.Target != LossTarget.Prediction).ToList();

        foreach (var loss in prediction)
        {
            writer.Line();
            writer.Block($"def {members[loss]}(self, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:");
            writer.Docstring(null, $"The loss {loss.Name} ({loss.Kind}, unweighted) of a prediction against its target.");
            writer.Line($"return {LossCall(context, loss, "prediction", "target")}");
            writer.Dedent();
        }
        if (prediction.Count > 0)
        {
            writer.Line();
            writer.Block($"def {members["loss"]}(self, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:");
            writer.Docstring(null, "The weighted sum of the prediction losses declared in the .hyp file.");
            writer.Line($"return {WeightedSum(prediction, l => $"self.{members[l]}(prediction, target)")}");
            writer.Dedent();
        }

        foreach (var loss in domain)
        {
            var (classifier, field) = DomainNetwork(context, loss);
            writer.Line();
            writer.Block($"def {members[loss]}(self, domain_input: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:");
            writer.Docstring(null, $"The loss {loss.Name} ({loss.Kind}, unweighted) of the domain classifier on ``domain_input``.");
            writer.Line($"outputs = self.{classifier}(domain_input)");
            writer.Line($"return {LossCall(context, loss, "outputs." + field, "labels")}");
            writer.Dedent();
        }
        if (domain.Count > 0 && domain.Select(l => l.Condition).Distinct().Count() == 1)
        {
            var classifier = DomainNetwork(context, domain[0]).Classifier;
            writer.Line();
            writer.Block($"def {members["domain_loss"]}(self, domain_input: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:");
            writer.Docstring(null, "The weighted sum of the domain losses, running the domain classifier once.");
            writer.Line($"outputs = self.{classifier}(domain_input)");
            writer.Line($"return {WeightedSum(domain, l => LossCall(context, l, "outputs." + DomainNetwork(context, l).Field, "labels"))}");
            writer.Dedent();
        }

        if (training.Regularizers.Length > 0 && model.Hypernet is not null)
        {
            writer.Line();
            writer.Block($"def {members["regularization_loss"]}(self, generated: GeneratedWeights) -> torch.Tensor:");
            writer.Docstring(null, "The declared regularisers: L2 of the generated weights and/or of the hypernetwork's parameters, weighted.");
            var terms = training.Regularizers.Select(r => (r.Kind == RegularizerKind.GeneratedL2
                ? "generated.squared_norm()" : $"self.{members[model.Hypernet]}.parameter_squared_norm()") + " * " + PythonLiterals.Double(r.Weight));
            writer.Line($"return {string.Join(" + ", terms)}");
            writer.Dedent();
        }

        if (prediction.Count > 0 && model.Hypernet is not null)
        {
            var regularisers = training.Regularizers.Length > 0 ? $" + self.{members["regularization_loss"]}(generated)" : "";
            writer.Line();
            writer.Block($"def {members["training_loss"]}(self, condition: {context.ConditionClass}, x: torch.Tensor, target: torch.Tensor) -> torch.Tensor:");
            writer.Docstring(null, "The training loss of one batch as the .hyp file declares it: weights generated once, the weighted prediction\n" +
                (training.Regularizers.Length > 0 ? "losses and the declared regularisers." : "losses; no regularisers are declared.") +
                " (Domain losses read their own labels: add them separately.)");
            writer.Line($"generated = self.{members["generate"]}({(needsInput ? "condition, x" : "condition")})");
            writer.Line($"return self.{members["loss"]}({target}(x, generated), target){regularisers}");
            writer.Dedent();
        }

        if (training.EpisodicBeta is { } beta)
        {
            writer.Line();
            writer.Block($"def {members["episodic_loss"]}(self, support_loss: torch.Tensor, query_loss: torch.Tensor) -> torch.Tensor:");
            writer.Docstring(null, $"Episodic weighting: {PythonLiterals.Double(beta)} * support loss + (1 - {PythonLiterals.Double(beta)}) * query loss.");
            writer.Line($"return {context.Runtime("Losses")}.episodic(support_loss, query_loss, {PythonLiterals.Double(beta)})");
            writer.Dedent();
        }

        if (training.AdaptationLearningRate is { } rate && model.Hypernet is not null && prediction.Count > 0)
        {
            // When generation reads the model input (domain from input, noise), the support input stands in for it.
            var arguments = needsInput ? "condition, support_x" : conditionArguments;
            writer.Line();
            writer.Block($"def {members["adapt"]}(self, condition: {context.ConditionClass}, support_x: torch.Tensor, support_target: torch.Tensor) -> GeneratedWeights:");
            writer.Docstring(null, $"The generated weights after one gradient step on the support pair (the declared adaptation step):\n" +
                $"weights for ``condition``, adapted with learning rate {PythonLiterals.Double(rate)} on ``{members["loss"]}``.");
            writer.Line($"generated = self.{members["generate"]}({arguments})");
            writer.Line($"return {context.Runtime("Adaptation")}.step(generated, lambda weights: self.{members["loss"]}({target}(support_x, weights), support_target), {PythonLiterals.Double(rate)})");
            writer.Dedent();
        }

        if (model.Conditions.FirstOrDefault(c => c.Kind == ConditionKind.Noise) is { } noise && model.Hypernet is not null)
        {
            writer.Line();
            writer.Block($"def {members["ensemble"]}(self, condition: {context.ConditionClass}, x: torch.Tensor, samples: int = {PythonLiterals.Long(Math.Max(1, noise.Count))}) -> Tuple[torch.Tensor, torch.Tensor]:");
            writer.Docstring(null, "Predictions for ``samples`` noise draws: their mean and variance (uncertainty).");
            writer.Line($"return {context.Runtime("Ensemble")}.predict(lambda: self(condition, x), samples)");
            writer.Dedent();
        }
    }

    private static (string Classifier, string Field) DomainNetwork(PyContext context, BoundLoss loss)
    {
        var (condition, network) = ModelFacts.DomainOf(loss);
        var field = loss.Target == LossTarget.DomainEmbedding
            ? PyModelWriter.FeaturesField(network, condition.FeaturesValue)
            : PyNetworkWriter.OutputFields(network)[0].Field;
        return (context.Members[network], field);
    }

    private static string WeightedSum(IEnumerable<BoundLoss> losses, Func<BoundLoss, string> term) =>
        string.Join(" + ", losses.Select(l => l.Weight == 1.0 ? term(l) : $"{term(l)} * {PythonLiterals.Double(l.Weight)}"));

    private static string LossCall(PyContext context, BoundLoss loss, string prediction, string target)
    {
        // The binder resolved every setting of the loss, given or default.
        string Parameter(string name) => PythonLiterals.Double(loss.Parameters[name]);
        var losses = context.Runtime("Losses");
        return loss.Kind switch
        {
            LossKind.Mae => $"{losses}.mae({prediction}, {target})",
            LossKind.Mse => $"{losses}.mse({prediction}, {target})",
            LossKind.CrossEntropy => $"{losses}.cross_entropy({prediction}, {target})",
            LossKind.Bce => $"{losses}.bce({prediction}, {target})",
            LossKind.DiceBce => $"{losses}.dice_bce({prediction}, {target}, smooth={Parameter("smooth")})",
            LossKind.MultiSimilarity =>
                $"{losses}.multi_similarity({prediction}, {target}, alpha={Parameter("alpha")}, beta={Parameter("beta")}, " +
                $"lambda_={Parameter("lambda")}, margin={Parameter("margin")})",
            _ => throw new InvalidOperationException($"loss kind {loss.Kind} has no Python form"),
        };
    }
}
