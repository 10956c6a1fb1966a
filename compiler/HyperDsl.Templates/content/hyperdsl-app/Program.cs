using HyperDslApp;
using HyperDsl.Runtime.Training;
using TorchSharp;

// Four regression tasks, each y = w_t . x with its own w_t. The hypernetwork in TaskMlp.hyp generates the hidden
// layer per task from a learned task embedding; docs/TRAINING.md in the HyperDsl repository explains each step.
torch.set_num_threads(Math.Max(1, Environment.ProcessorCount / 2));
torch.manual_seed(1);
const int samples = 256;
var rules = torch.randn(4, 8);
var x = torch.randn(samples, 8);
var task = torch.tensor(Enumerable.Range(0, samples).Select(i => (long)(i % 4)).ToArray());
var y = (x * rules.index_select(0, task)).sum(1, keepdim: true);

var model = new TaskMlp();
var condition = new TaskMlpCondition(task);
double Evaluate()
{
    using var _ = torch.no_grad();
    model.eval();
    return model.Loss(model.forward(condition, x), y).item<float>();
}

var before = Evaluate();
using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 1e-2, Seed = 1 });
var result = trainer.Run(300, step => model.Loss(model.forward(condition, x), y));
var after = Evaluate();
model.Save("TaskMlp.ckpt");
Console.WriteLine($"mse before training: {before:F4}");
Console.WriteLine($"mse after {result.StepsCompleted} steps: {after:F4}");
Console.WriteLine($"saved TaskMlp.ckpt");
