using Antlr4.Runtime;

namespace HyperDsl.Compiler.Syntax;

/// <summary>
/// ANTLR's default error recovery, reporting errors without ANTLR's English messages. The default strategy formats
/// the expected-token set and the offending input into a sentence for every error (a no-viable-alternative message
/// holds all the text the prediction looked at); <see cref="SyntaxErrorListener"/> builds its own message and only
/// for errors it reports, so here the listener is told just whether a token is missing or unexpected.
/// </summary>
internal sealed class SyntaxErrorStrategy : DefaultErrorStrategy
{
    /// <summary>The message passed for an error recovered by inserting the missing token.</summary>
    public const string MissingToken = "missing token";

    /// <summary>The message passed for every other error.</summary>
    public const string UnexpectedToken = "unexpected token";

    protected override void ReportNoViableAlternative(Parser recognizer, NoViableAltException e) =>
        recognizer.NotifyErrorListeners(e.OffendingToken, UnexpectedToken, e);

    protected override void ReportInputMismatch(Parser recognizer, InputMismatchException e) =>
        recognizer.NotifyErrorListeners(e.OffendingToken, UnexpectedToken, e);

    protected override void ReportFailedPredicate(Parser recognizer, FailedPredicateException e) =>
        recognizer.NotifyErrorListeners(e.OffendingToken, UnexpectedToken, e);

    protected override void ReportUnwantedToken(Parser recognizer)
    {
        if (InErrorRecoveryMode(recognizer)) return;
        BeginErrorCondition(recognizer);
        recognizer.NotifyErrorListeners(recognizer.CurrentToken, UnexpectedToken, null);
    }

    protected override void ReportMissingToken(Parser recognizer)
    {
        if (InErrorRecoveryMode(recognizer)) return;
        BeginErrorCondition(recognizer);
        recognizer.NotifyErrorListeners(recognizer.CurrentToken, MissingToken, null);
    }
}

/// <summary>
/// Thrown by <see cref="SyntaxErrorListener"/> once the file has more syntax errors than
/// <see cref="SyntaxLimits.MaxSyntaxErrors"/>: it abandons the parse (the generated parser catches only
/// <see cref="RecognitionException"/>). Never escapes <see cref="SyntaxParser.Parse"/>.
/// </summary>
internal sealed class SyntaxErrorLimitException() : Exception("Too many syntax errors; parsing abandoned.");
