namespace System.Activities
{
    public abstract class CodeActivity
    {
        protected abstract void Execute(CodeActivityContext context);
    }
    public sealed class CodeActivityContext { }
}
