using System.Collections.Generic;

namespace System.Activities
{
    /// <summary>Base of all activities (the subset of WF4 a custom workflow activity uses).</summary>
    public abstract class Activity
    {
        private string _displayName;

        protected Activity() { }

        /// <summary>Defaults to the type's name, as in WF4.</summary>
        public string DisplayName
        {
            get { return _displayName ?? GetType().Name; }
            set { _displayName = value; }
        }

        public override string ToString() => DisplayName;
    }

    /// <summary>An activity whose work is the synchronous <see cref="Execute"/> method.</summary>
    public abstract class CodeActivity : Activity
    {
        protected CodeActivity() { }

        protected abstract void Execute(CodeActivityContext context);

        // Called by WorkflowInvoker (the runtime), never by user code: Execute stays protected as in WF4.
        internal void RunExecute(CodeActivityContext context) => Execute(context);
    }

    /// <summary>
    /// What an activity sees while it runs: its arguments' values and the host's extensions. Valid only during
    /// the Execute call it was passed to (afterwards every member throws ObjectDisposedException, as in WF4).
    /// </summary>
    public class ActivityContext
    {
        private readonly Func<Type, object> _findExtension;
        private readonly Dictionary<Argument, object> _values;
        private readonly HashSet<Argument> _declared;
        private readonly string _activityName;
        private bool _disposed;

        internal ActivityContext(string activityName, HashSet<Argument> declaredArguments, Dictionary<Argument, object> values, Func<Type, object> findExtension)
        {
            _activityName = activityName;
            _declared = declaredArguments;
            _values = values;
            _findExtension = findExtension;
            ActivityInstanceId = "1";
            WorkflowInstanceId = Guid.NewGuid();
        }

        public string ActivityInstanceId { get; }

        public Guid WorkflowInstanceId { get; }

        /// <summary>The host's extension assignable to T (e.g. IWorkflowContext, IOrganizationServiceFactory, ITracingService), or null.</summary>
        public T GetExtension<T>() where T : class
        {
            ThrowIfDisposed();
            return _findExtension(typeof(T)) as T;
        }

        public object GetValue(Argument argument)
        {
            if (argument == null) throw new ArgumentNullException(nameof(argument));
            return Read(argument);
        }

        public T GetValue<T>(InArgument<T> argument) => (T)GetValue((Argument)argument);

        public T GetValue<T>(OutArgument<T> argument) => (T)GetValue((Argument)argument);

        public T GetValue<T>(InOutArgument<T> argument) => (T)GetValue((Argument)argument);

        public void SetValue(Argument argument, object value)
        {
            if (argument == null) throw new ArgumentNullException(nameof(argument));
            Write(argument, value);
        }

        public void SetValue<T>(InArgument<T> argument, T value) => SetValue((Argument)argument, (object)value);

        public void SetValue<T>(OutArgument<T> argument, T value) => SetValue((Argument)argument, (object)value);

        public void SetValue<T>(InOutArgument<T> argument, T value) => SetValue((Argument)argument, (object)value);

        internal object Read(Argument argument)
        {
            ThrowIfDeclared(argument);
            return _values.TryGetValue(argument, out object value) ? value : argument.DefaultValue();
        }

        internal void Write(Argument argument, object value)
        {
            ThrowIfDeclared(argument);
            _values[argument] = Argument.Coerce(argument.ArgumentType, value, "argument");
        }

        internal void Dispose() => _disposed = true;

        private void ThrowIfDeclared(Argument argument)
        {
            ThrowIfDisposed();
            if (!_declared.Contains(argument))
            {
                throw new InvalidOperationException(
                    $"The argument of type '{argument.ArgumentType}' cannot be used. Make sure that it is declared on an activity ('{_activityName}').");
            }
        }

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(ActivityContext), "An ActivityContext can only be accessed within the scope of the function it was passed into.");
        }
    }

    /// <summary>The context passed to <see cref="CodeActivity.Execute"/>.</summary>
    public sealed class CodeActivityContext : ActivityContext
    {
        internal CodeActivityContext(string activityName, HashSet<Argument> declaredArguments, Dictionary<Argument, object> values, Func<Type, object> findExtension)
            : base(activityName, declaredArguments, values, findExtension) { }
    }

    /// <summary>Marks an argument property whose value must be supplied.</summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
    public sealed class RequiredArgumentAttribute : Attribute
    {
        public RequiredArgumentAttribute() { }
    }
}
