namespace System.Activities
{
    public enum ArgumentDirection
    {
        In = 0,
        Out = 1,
        InOut = 2,
    }

    /// <summary>
    /// A data channel into or out of an activity. An argument holds no value itself: its value lives in the
    /// running activity's context, so Get/Set always take the context.
    /// </summary>
    public abstract class Argument
    {
        public const int UnspecifiedEvaluationOrder = -1;

        internal Argument(Type argumentType, ArgumentDirection direction)
        {
            ArgumentType = argumentType;
            Direction = direction;
            EvaluationOrder = UnspecifiedEvaluationOrder;
        }

        public Type ArgumentType { get; }

        public ArgumentDirection Direction { get; }

        public int EvaluationOrder { get; set; }

        public object Get(ActivityContext context) => Require(context).Read(this);

        public T Get<T>(ActivityContext context) => (T)Get(context);

        public void Set(ActivityContext context, object value) => Require(context).Write(this, value);

        /// <summary>A new argument of the given type and direction (InArgument&lt;T&gt;, OutArgument&lt;T&gt; or InOutArgument&lt;T&gt;).</summary>
        public static Argument Create(Type type, ArgumentDirection direction)
        {
            if (type == null) throw new ArgumentNullException(nameof(type));
            Type generic;
            switch (direction)
            {
                case ArgumentDirection.In: generic = typeof(InArgument<>); break;
                case ArgumentDirection.Out: generic = typeof(OutArgument<>); break;
                case ArgumentDirection.InOut: generic = typeof(InOutArgument<>); break;
                default: throw new ArgumentOutOfRangeException(nameof(direction));
            }
            return (Argument)Activator.CreateInstance(generic.MakeGenericType(type));
        }

        // The value seen before anything is bound or set: the constant an InArgument was built with, else default(T).
        internal virtual object DefaultValue() => ArgumentType.IsValueType ? Activator.CreateInstance(ArgumentType) : null;

        // An argument built with a constant is bound, so it satisfies [RequiredArgument] without an input (as in WF4).
        internal virtual bool IsBound => false;

        internal static object Coerce(Type type, object value, string what)
        {
            if (value == null)
            {
                if (type.IsValueType && Nullable.GetUnderlyingType(type) == null)
                {
                    throw new ArgumentException($"A null value cannot be assigned to {what} of type '{type}'.");
                }
                return null;
            }
            if (!type.IsInstanceOfType(value))
            {
                throw new ArgumentException($"The value of type '{value.GetType()}' cannot be assigned to {what} of type '{type}'.");
            }
            return value;
        }

        private static ActivityContext Require(ActivityContext context)
        {
            if (context == null) throw new ArgumentNullException(nameof(context));
            return context;
        }
    }

    public abstract class InArgument : Argument
    {
        internal InArgument(Type argumentType) : base(argumentType, ArgumentDirection.In) { }
    }

    public abstract class OutArgument : Argument
    {
        internal OutArgument(Type argumentType) : base(argumentType, ArgumentDirection.Out) { }
    }

    public abstract class InOutArgument : Argument
    {
        internal InOutArgument(Type argumentType) : base(argumentType, ArgumentDirection.InOut) { }
    }

    public sealed class InArgument<T> : InArgument
    {
        private readonly bool _hasConstant;
        private readonly T _constant;

        public InArgument() : base(typeof(T)) { }

        /// <summary>An argument whose value is <paramref name="constValue"/> unless the host binds another.</summary>
        public InArgument(T constValue) : base(typeof(T))
        {
            _hasConstant = true;
            _constant = constValue;
        }

        public new T Get(ActivityContext context) => (T)base.Get(context);

        public void Set(ActivityContext context, T value) => base.Set(context, value);

        public static implicit operator InArgument<T>(T constValue) => new InArgument<T>(constValue);

        internal override object DefaultValue() => _hasConstant ? _constant : default(T);

        internal override bool IsBound => _hasConstant;
    }

    public sealed class OutArgument<T> : OutArgument
    {
        public OutArgument() : base(typeof(T)) { }

        public new T Get(ActivityContext context) => (T)base.Get(context);

        public void Set(ActivityContext context, T value) => base.Set(context, value);
    }

    public sealed class InOutArgument<T> : InOutArgument
    {
        public InOutArgument() : base(typeof(T)) { }

        public new T Get(ActivityContext context) => (T)base.Get(context);

        public void Set(ActivityContext context, T value) => base.Set(context, value);
    }
}
