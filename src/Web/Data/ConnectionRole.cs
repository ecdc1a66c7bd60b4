namespace Web.Data;

public enum ConnectionRole { Source, Target }
