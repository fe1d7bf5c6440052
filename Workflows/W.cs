namespace Mci.Workflows
{
    public sealed class W : System.Activities.CodeActivity
    {
        protected override void Execute(System.Activities.CodeActivityContext context) { }
    }
}
